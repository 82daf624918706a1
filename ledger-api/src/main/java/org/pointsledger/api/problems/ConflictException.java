package org.pointsledger.api.problems;

/** The request conflicts with what the ledger already holds: 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}

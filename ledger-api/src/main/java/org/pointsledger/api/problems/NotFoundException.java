package org.pointsledger.api.problems;

/** The request names something the ledger does not have: 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}

package org.pointsledger.domain.errors;

/**
 * A well-formed request conflicts with what the ledger already holds, such as a transactionId
 * or an Idempotency-Key already used for something else. Services throw it; the HTTP edge
 * answers it as 409, in one place.
 */
public class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message);
    }
}

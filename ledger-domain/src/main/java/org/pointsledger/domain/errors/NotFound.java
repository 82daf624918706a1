package org.pointsledger.domain.errors;

/**
 * A request names something the ledger does not have (an account, a definition). Services
 * throw it; the HTTP edge answers it as 404, in one place.
 */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}

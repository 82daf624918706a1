package org.pointsledger.api.problems;

/** The request carries no API key, or one the ledger does not accept: 401. */
public class UnauthorizedException extends RuntimeException {

    private final boolean keyPresented;

    public UnauthorizedException(String message, boolean keyPresented) {
        super(message);
        this.keyPresented = keyPresented;
    }

    /** Whether a key was sent (and refused), as opposed to none at all. */
    public boolean keyPresented() {
        return keyPresented;
    }
}

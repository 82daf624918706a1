package org.pointsledger.api.problems;

/** The API key is valid but lacks the scope the request needs: 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}

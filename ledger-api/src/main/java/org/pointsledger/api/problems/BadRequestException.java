package org.pointsledger.api.problems;

/** The request as a whole cannot be taken: 400 with this detail. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String detail) {
        super(detail);
    }
}

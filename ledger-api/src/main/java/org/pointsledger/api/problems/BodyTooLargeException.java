package org.pointsledger.api.problems;

import java.io.IOException;

/**
 * Thrown while a request body is read past {@code ledger.limits.max-request-body}; answered as
 * 413 by ProblemResponses, and written at once by RequestFraming when the Content-Length
 * already says so.
 */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long maxRequestBodyBytes) {
        super(detail(maxRequestBodyBytes));
    }

    public static String detail(long maxRequestBodyBytes) {
        return "The request body is larger than " + maxRequestBodyBytes + " bytes.";
    }
}

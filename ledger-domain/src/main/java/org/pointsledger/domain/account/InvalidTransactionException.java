package org.pointsledger.domain.account;

/** A transaction is malformed: a zero or too precise amount, a sign against its type (400). */
public class InvalidTransactionException extends IllegalArgumentException {

    public InvalidTransactionException(String message) {
        super(message);
    }
}

package org.pointsledger.domain.account;

/** The kinds of point transaction of the points API v3. */
public enum TransactionType {
    /** Adds points: opens a lot. Its amount is positive. */
    Addition,
    /** Removes active points. Its amount is negative. */
    Deduction,
    /** Corrects a balance either way: positive opens a lot, negative draws like a deduction. */
    Adjustment
}

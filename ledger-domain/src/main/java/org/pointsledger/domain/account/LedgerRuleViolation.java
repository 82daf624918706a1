package org.pointsledger.domain.account;

/** A business rule of the ledger refused a request that was well formed (HTTP 409). */
public class LedgerRuleViolation extends RuntimeException {

    public LedgerRuleViolation(String message) {
        super(message);
    }
}

package org.pointsledger.commands.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pointsledger.commands.transactions.TransactionIdempotency.Decision;
import org.pointsledger.commands.transactions.TransactionIdempotency.Use;
import org.pointsledger.commands.transactionids.TransactionIdClaims.Claim;

/** Proves the one rule that tells a new transactionId from a repeat and from a conflict. */
class TransactionIdempotencyTest {

    private static final String ACCOUNT = "7b0c8f0e-5c1a-5b8e-9d4f-0a1b2c3d4e5f";
    private static final String OTHER_ACCOUNT = "0f1e2d3c-4b5a-5968-8776-655443322110";
    private static final Use USE = new Use("t-1", ACCOUNT, "fingerprint-1");

    @Test
    void decide_answersNew_whenTheIdIsUnclaimed() {
        assertThat(TransactionIdempotency.decide(USE, null)).isEqualTo(Decision.NEW);
    }

    @Test
    void decide_answersRepeat_whenTheSameAccountClaimedItWithTheSameFingerprint() {
        Claim claim = new Claim("t-1", ACCOUNT, "fingerprint-1");

        assertThat(TransactionIdempotency.decide(USE, claim)).isEqualTo(Decision.REPEAT);
    }

    @Test
    void decide_answersConflict_whenTheFingerprintDiffers() {
        Claim claim = new Claim("t-1", ACCOUNT, "fingerprint-2");

        assertThat(TransactionIdempotency.decide(USE, claim)).isEqualTo(Decision.CONFLICT);
    }

    @Test
    void decide_answersConflict_whenAnotherAccountClaimedIt() {
        Claim claim = new Claim("t-1", OTHER_ACCOUNT, "fingerprint-1");

        assertThat(TransactionIdempotency.decide(USE, claim)).isEqualTo(Decision.CONFLICT);
    }

    @Test
    void decide_answersConflict_whenAnExpiryClaimedIt() {
        Claim expiry = new Claim("t-1", ACCOUNT, null);

        assertThat(TransactionIdempotency.decide(USE, expiry)).isEqualTo(Decision.CONFLICT);
    }

    @Test
    void conflictMessage_namesTheTransactionId() {
        assertThat(TransactionIdempotency.conflictMessage("t-1"))
                .isEqualTo("transactionId t-1 is already used by a different transaction");
    }
}

package org.pointsledger.commands.transactions;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.pointsledger.commands.transactionids.TransactionIdClaims;
import org.springframework.stereotype.Component;

/**
 * The one answer, for single and bulk writes alike, to "is this transactionId new, a repeat of
 * the same transaction, or a conflict?". A used id is a repeat only when the same account used
 * it for a request with the same fingerprint; anything else under a used id is a conflict (an
 * expiry's id, which has no fingerprint, is never repeated by a client).
 */
@Component
class TransactionIdempotency {

    enum Decision { NEW, REPEAT, CONFLICT }

    /** A transaction a writer is about to add: its id, its account and its fingerprint. */
    record Use(String transactionId, String accountId, String requestFingerprint) {
    }

    private final TransactionIdClaims claims;

    TransactionIdempotency(TransactionIdClaims claims) {
        this.claims = claims;
    }

    Decision decide(Use use) {
        return decide(use, claims.find(use.transactionId()).orElse(null));
    }

    /** Decides for several uses in one look-up; their ids are distinct. */
    Map<String, Decision> decideAll(Collection<Use> uses) {
        Map<String, TransactionIdClaims.Claim> used = claims.findAll(
                uses.stream().map(Use::transactionId).toList());
        Map<String, Decision> decisions = new HashMap<>();
        for (Use use : uses) {
            decisions.put(use.transactionId(), decide(use, used.get(use.transactionId())));
        }
        return decisions;
    }

    /** The rule itself, given the id's claim or null when the id is unused. */
    static Decision decide(Use use, TransactionIdClaims.Claim claim) {
        if (claim == null) {
            return Decision.NEW;
        }
        boolean sameTransaction = claim.accountId().equals(use.accountId())
                && use.requestFingerprint().equals(claim.requestFingerprint());
        return sameTransaction ? Decision.REPEAT : Decision.CONFLICT;
    }

    /** What a conflict says, the same for a single write's 409 and a bulk item's refusal. */
    static String conflictMessage(String transactionId) {
        return "transactionId " + transactionId + " is already used by a different transaction";
    }
}

package org.pointsledger.api.audit;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/v3/point-accounts/{id}/verify} answers: whether the account's hash
 * chain holds and whether its read models equal a replay of its events.
 */
record Verification(String accountId, boolean verified, Instant verifiedAt, long events,
                    long chainedEvents, long unchainedEvents, String lastHash,
                    ChainCheck.BrokenLink firstBrokenLink, List<Difference> differences,
                    boolean differencesTruncated) {

    /**
     * Where a read model (or the account resource computed from it) says something other than
     * the replay: {@code subject} is account, lot, transaction or resource; {@code stored} is
     * null for a row the read model lacks, {@code replayed} null for one the events lack.
     */
    record Difference(String subject, String id, String field, String stored,
                      String replayed) {
    }
}

package org.pointsledger.api.audit;

import java.util.Optional;
import org.pointsledger.eventstore.HashChain;
import org.pointsledger.eventstore.RecordedEvent;

/**
 * Walks one account's stored events in sequence order and finds the first link of its
 * {@link HashChain} that does not hold: a missing or repeated sequence number, an event
 * without a hash after the chain began, a previousHash that is not the hash before it, or a
 * hash that does not match the event's content.
 */
final class ChainCheck {

    /** The first link that does not hold, with what was stored and what was expected. */
    record BrokenLink(long sequenceNumber, long globalPosition, String problem,
                      String storedPreviousHash, String expectedPreviousHash,
                      String storedHash, String computedHash) {
    }

    private final String accountId;
    private long expectedSequence;
    private String lastHash = HashChain.GENESIS_HASH;
    private boolean chainBegun;
    private long chainedEvents;
    private long unchainedEvents;
    private BrokenLink firstBrokenLink;

    ChainCheck(String accountId) {
        this.accountId = accountId;
    }

    void accept(RecordedEvent event) {
        if (firstBrokenLink != null) {
            return;
        }
        Optional<String> storedHash = HashChain.field(event.metadata(), HashChain.HASH);
        Optional<String> storedPrevious =
                HashChain.field(event.metadata(), HashChain.PREVIOUS_HASH);
        if (event.sequenceNumber() != expectedSequence) {
            broken(event, "sequence number " + event.sequenceNumber() + " where "
                    + expectedSequence + " was expected", storedPrevious, storedHash, null);
            return;
        }
        expectedSequence++;
        if (storedHash.isEmpty() && !chainBegun) {
            unchainedEvents++;
            return;
        }
        if (storedHash.isEmpty()) {
            broken(event, "no hash after the chain began", storedPrevious, storedHash, null);
            return;
        }
        String computed = HashChain.hash(lastHash, accountId, event.sequenceNumber(),
                event.type(), event.payload(), event.metadata());
        if (!storedPrevious.orElse("").equals(lastHash)) {
            broken(event, "previousHash is not the hash of the event before", storedPrevious,
                    storedHash, computed);
        } else if (!storedHash.get().equals(computed)) {
            broken(event, "hash does not match the event's content", storedPrevious,
                    storedHash, computed);
        } else {
            chainBegun = true;
            chainedEvents++;
            lastHash = computed;
        }
    }

    Optional<BrokenLink> firstBrokenLink() {
        return Optional.ofNullable(firstBrokenLink);
    }

    long chainedEvents() {
        return chainedEvents;
    }

    long unchainedEvents() {
        return unchainedEvents;
    }

    /** The hash of the last event that verified; the genesis value when none did. */
    String lastHash() {
        return lastHash;
    }

    private void broken(RecordedEvent event, String problem, Optional<String> storedPrevious,
                        Optional<String> storedHash, String computed) {
        firstBrokenLink = new BrokenLink(event.sequenceNumber(), event.globalPosition(),
                problem, storedPrevious.orElse(null), lastHash, storedHash.orElse(null),
                computed);
    }
}

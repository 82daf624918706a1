package org.pointsledger.domain.account;

import java.time.Instant;

/** What happened to a point account. Every event is stored forever; see {@link StoredEvent}. */
public sealed interface PointAccountEvent
        permits AccountOpened, PointsAdded, PointsDeducted, PointsAdjusted, PointsExpired {

    AccountId accountId();

    /** When the ledger recorded it, by the ledger's clock. */
    Instant recordedAt();

    /**
     * Calls the visitor's method for this event's type.
     *
     * <p>Why a visitor and not a {@code switch}: Java 17 has no pattern matching for switch
     * without preview, and an {@code instanceof} chain lets a new event fall through silently.
     * Here every event must implement this method, it can only call a method {@link Visitor}
     * declares for its type, and every visitor must implement them all: an event added to the
     * {@code permits} list without its case in {@link Visitor} does not compile, and neither
     * does a visitor (the fold, {@link AccountState}) that misses one.
     */
    <R> R accept(Visitor<R> visitor);

    /** One method per event type: an exhaustive {@code switch} over this sealed interface. */
    interface Visitor<R> {

        R opened(AccountOpened event);

        R added(PointsAdded event);

        R deducted(PointsDeducted event);

        R adjusted(PointsAdjusted event);

        R expired(PointsExpired event);
    }
}

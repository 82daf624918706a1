package org.pointsledger.domain.account;

import java.time.Instant;

/** What happened to a point account. Every event is stored forever; see {@link StoredEvent}. */
public sealed interface PointAccountEvent
        permits AccountOpened, PointsAdded, PointsDeducted, PointsAdjusted, PointsExpired {

    AccountId accountId();

    /** When the ledger recorded it, by the ledger's clock. */
    Instant recordedAt();
}

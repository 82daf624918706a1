package org.pointsledger.domain.account;

import java.time.Instant;

@StoredEvent(name = "AccountOpened", revision = "1")
public record AccountOpened(AccountId accountId, String contactId, int definitionId,
                            Instant recordedAt) implements PointAccountEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.opened(this);
    }
}

package org.pointsledger.eventstore;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * A caching repository that never decides on a stale account.
 *
 * <p>With several nodes on one database, a node's cached account misses what the others
 * appended. A stale account that applies events loses the append race and is retried, but a
 * stale account that refuses (insufficient points, a due lot already closed elsewhere) would
 * answer wrongly with nothing to catch it. So every load from the cache is checked against the
 * event store's last sequence number for the account, one indexed query, and reloaded from the
 * store (snapshot plus the events since) when the two differ: another node got ahead, or the
 * cache kept state that a failed commit never stored.
 */
final class StoreCheckedCachingRepository<T> extends CachingEventSourcingRepository<T> {

    private final EventStore eventStore;
    private final Cache cache;

    StoreCheckedCachingRepository(EventSourcingRepository.Builder<T> builder,
                                  EventStore eventStore, Cache cache) {
        super(builder.eventStore(eventStore).cache(cache));
        this.eventStore = eventStore;
        this.cache = cache;
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier,
                                                      Long expectedVersion) {
        EventSourcedAggregate<T> aggregate = super.doLoadWithLock(aggregateIdentifier,
                expectedVersion);
        Long stored = eventStore.lastSequenceNumberFor(aggregateIdentifier).orElse(null);
        Long loaded = aggregate.version();
        if (stored != null && !stored.equals(loaded)) {
            cache.remove(aggregateIdentifier);
            return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        return aggregate;
    }
}

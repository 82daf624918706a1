package org.pointsledger.eventstore;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;

/**
 * A caching repository that never decides on a stale account, and that looks up the stored
 * state of all the accounts of a batch of commands at once.
 *
 * <p>With several nodes on one database, a node's cached account misses what the others
 * appended. A stale account that applies events loses the append race and is retried, but a
 * stale account that refuses (insufficient points, a due lot already closed elsewhere) would
 * answer wrongly with nothing to catch it. So every load is checked against the event store's
 * last sequence number for the account, and reloaded from the store (snapshot plus the events
 * since) when the two differ: another node got ahead, or the cache kept state that a failed
 * commit never stored.
 *
 * <p>Those last sequence numbers are read once per root unit of work, for every account its
 * commands address: a batch of commands (LedgerCommands.sendTogether) makes its root's message
 * the list of its command messages, and Axon's target resolver names their accounts. That
 * one query also tells which accounts have no events at all, so a bulk that opens a thousand
 * accounts does not look each of them up in the store (snapshot, then events) only to find
 * nothing. The shortcut holds for an account's first load in the unit of work only: a later
 * one (after a command on it was rolled back) reads the store, whose answer includes the
 * events still queued in the unit of work. The same goes for the snapshots and events of the
 * batch's accounts that are not cached: they are read ahead, a few queries for all
 * ({@link ReadAheadEventStorageEngine}).
 */
final class StoreCheckedCachingRepository<T> extends CachingEventSourcingRepository<T> {

    private static final CommandTargetResolver TARGETS =
            AnnotationCommandTargetResolver.builder().build();

    private final String storedVersionsKey = this + "_STORED_VERSIONS";
    private final EventStore eventStore;
    private final EventStoreReader reader;
    /** Reads the uncached accounts of a batch ahead; null when the engine cannot. */
    private final ReadAheadEventStorageEngine engine;
    private final Cache cache;

    StoreCheckedCachingRepository(EventSourcingRepository.Builder<T> builder,
                                  EventStore eventStore, EventStoreReader reader,
                                  ReadAheadEventStorageEngine engine, Cache cache) {
        super(builder.eventStore(eventStore).cache(cache));
        this.eventStore = eventStore;
        this.reader = reader;
        this.engine = engine;
        this.cache = cache;
    }

    /** What the store held of a unit of work's accounts when it first loaded one of them. */
    private record StoredVersions(Set<String> asked, Map<String, Long> lastSequenceNumbers,
                                  Set<String> loaded) {
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier,
                                                      Long expectedVersion) {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        StoredVersions stored = root.getResource(storedVersionsKey);
        if (stored == null) {
            // Not computeIfAbsent: reading ahead keeps its rows in the root's resources too.
            stored = storedVersions(root, aggregateIdentifier);
            root.resources().put(storedVersionsKey, stored);
        }
        Long last;
        if (stored.asked().contains(aggregateIdentifier)
                && stored.loaded().add(aggregateIdentifier)) {
            last = stored.lastSequenceNumbers().get(aggregateIdentifier);
            if (last == null) {
                cache.remove(aggregateIdentifier);
                throw new AggregateNotFoundException(aggregateIdentifier,
                        "The aggregate was not found in the event store");
            }
        } else {
            last = eventStore.lastSequenceNumberFor(aggregateIdentifier).orElse(null);
        }
        EventSourcedAggregate<T> aggregate = super.doLoadWithLock(aggregateIdentifier,
                expectedVersion);
        if (last != null && !last.equals(aggregate.version())) {
            cache.remove(aggregateIdentifier);
            return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        return aggregate;
    }

    /**
     * The last sequence numbers of every account the root's commands address, and of this one
     * (which a command outside any batch names alone), in one query.
     */
    private StoredVersions storedVersions(UnitOfWork<?> root, String aggregateIdentifier) {
        Set<String> accounts = new LinkedHashSet<>(addressed(root));
        accounts.add(aggregateIdentifier);
        Map<String, Long> lastSequenceNumbers = reader.lastSequenceNumbers(accounts);
        if (engine != null && accounts.size() > 1) {
            Map<String, Long> uncached = new HashMap<>(lastSequenceNumbers);
            uncached.keySet().removeIf(account -> cache.get(account) != null);
            engine.readAhead(uncached);
        }
        return new StoredVersions(accounts, lastSequenceNumbers, new HashSet<>());
    }

    /** The aggregates the root's commands address: one command's, or a batch's. */
    private static Collection<String> addressed(UnitOfWork<?> root) {
        Message<?> message = root.getMessage();
        Set<String> accounts = new LinkedHashSet<>();
        if (message instanceof CommandMessage<?> command) {
            accounts.add(TARGETS.resolveTarget(command).getIdentifier());
        } else if (message != null && message.getPayload() instanceof List<?> commands) {
            for (Object command : commands) {
                if (command instanceof CommandMessage<?> commandMessage) {
                    accounts.add(TARGETS.resolveTarget(commandMessage).getIdentifier());
                }
            }
        }
        return accounts;
    }
}

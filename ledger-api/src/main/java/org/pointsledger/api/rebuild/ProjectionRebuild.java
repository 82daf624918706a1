package org.pointsledger.api.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.pointsledger.domain.errors.Conflict;
import org.pointsledger.eventstore.EventStoreReader;
import org.pointsledger.projections.ProcessingGroups;
import org.pointsledger.projections.ReadModelWrites;
import org.pointsledger.projections.balances.BalanceTables;
import org.pointsledger.projections.transactions.TransactionTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the v3 read models (accounts, lots, transactions) from the event store.
 *
 * <p>The events are replayed, by the projections' own handlers, into twin tables (see
 * V8__read_model_rebuild.sql and ReadModelWrites#intoTablesWithSuffix) while reads keep using
 * the old tables and writes go on. It replays in passes of a bounded batch each, following
 * the event store with Axon's gap-aware token: an event whose global index was taken before a
 * later one but committed after it is picked up when it appears. Once a pass finds nothing
 * more, the final step holds writers off (this JVM's commands, and on PostgreSQL every node's
 * appends by LOCK TABLE ... IN EXCLUSIVE MODE, which waits for appends in flight to commit),
 * replays the last events and copies the twins over the old tables, all in one transaction: a
 * reader sees the old rows until it commits and the new ones after. The ledger's transaction
 * ids (transaction_claim) are not a read model and are never touched; the asynchronous daily
 * totals keep their own token and are not part of this rebuild.
 */
@Component
public class ProjectionRebuild implements DisposableBean {

    /**
     * The tables rebuilt, as each read model declares them, each with a twin of the same name
     * plus {@link #TWIN_SUFFIX}.
     */
    static final List<String> TABLES = Stream.of(BalanceTables.ALL, TransactionTables.ALL)
            .flatMap(List::stream).toList();
    static final String TWIN_SUFFIX = "_rebuild";
    /** Events replayed per database transaction. */
    static final int BATCH_EVENTS_MAX = 500;
    /** Passes before the final step holds writers off regardless (writes outpacing a replay). */
    static final int PASSES_MAX = 10_000;
    /** A claim not renewed for this long belongs to a rebuild that died: another may take it. */
    static final Duration CLAIM_STALE_AFTER = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRebuild.class);

    private final EventStorageEngine eventStorage;
    private final EventStoreReader eventStore;
    private final EventProcessingConfiguration eventProcessing;
    private final ReadModelWrites writes;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final WriterGate writerGate;
    private final Clock clock;
    private final Duration progressLogInterval;
    private final AtomicReference<RebuildStatus> status =
            new AtomicReference<>(RebuildStatus.neverRun());
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            new AxonThreadFactory("projection-rebuild"));

    ProjectionRebuild(EventStorageEngine eventStorage, EventStoreReader eventStore,
            EventProcessingConfiguration eventProcessing, ReadModelWrites writes,
            JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
            WriterGate writerGate, Clock clock,
            @Value("${ledger.projections.rebuild.progress-log-interval:5s}")
            Duration progressLogInterval) {
        this.eventStorage = eventStorage;
        this.eventStore = eventStore;
        this.eventProcessing = eventProcessing;
        this.writes = writes;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.writerGate = writerGate;
        this.clock = clock;
        this.progressLogInterval = progressLogInterval;
    }

    public RebuildStatus status() {
        return status.get();
    }

    /** Starts a rebuild in the background; a conflict if one runs already, here or elsewhere. */
    public RebuildStatus start() {
        Run run = claim();
        runner.execute(() -> run.execute());
        return status.get();
    }

    /** Rebuilds now, on this thread: the command line's way. True when it succeeded. */
    public boolean runNow() {
        return claim().execute();
    }

    private synchronized Run claim() {
        if (status.get().state() == RebuildStatus.State.RUNNING) {
            throw new Conflict("a rebuild of the read models is already running");
        }
        EventHandlerInvoker handlers = readModelHandlers();
        String owner = UUID.randomUUID().toString();
        Instant now = clock.instant();
        int claimed = jdbc.update("update projection_rebuild_claim set owner = ?, beat_on = ?"
                + " where id = 1 and (owner is null or beat_on < ?)", owner,
                java.sql.Timestamp.from(now), java.sql.Timestamp.from(now.minus(CLAIM_STALE_AFTER)));
        if (claimed != 1) {
            throw new Conflict("a rebuild of the read models is already running"
                    + " on another node");
        }
        status.set(RebuildStatus.running(now, 0, countEvents(), now));
        return new Run(owner, now, handlers);
    }

    /** The handlers of the read models: the very ones that keep them on every write. */
    private EventHandlerInvoker readModelHandlers() {
        return eventProcessing.eventProcessor(ProcessingGroups.READ_MODELS,
                        SubscribingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no read-model processor"))
                .eventHandlerInvoker();
    }

    private long countEvents() {
        return eventStore.countAll();
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }

    /** One rebuild, from its claim to its release. */
    private final class Run {

        private final String owner;
        private final Instant startedAt;
        private final EventHandlerInvoker handlers;
        private long eventsDone;
        private Instant loggedAt;
        private long eventsCounted;
        private Instant countedAt;

        Run(String owner, Instant startedAt, EventHandlerInvoker handlers) {
            this.owner = owner;
            this.startedAt = startedAt;
            this.loggedAt = startedAt;
            this.countedAt = startedAt;
            this.eventsCounted = status.get().eventsTotal();
            this.handlers = handlers;
        }

        boolean execute() {
            LOG.info("Rebuild of the read models {} started: {} events in the store", TABLES,
                    status.get().eventsTotal());
            try {
                TrackingToken token = replayUntilCaughtUp();
                writerGate.holdingWritersOff(() -> transactions.execute(done -> {
                    finalStep(token);
                    return null;
                }));
                RebuildStatus succeeded = status.get().succeeded(clock.instant());
                status.set(succeeded);
                LOG.info("Rebuild of the read models succeeded: {} events in {} s ({} events/s)",
                        succeeded.eventsDone(), Duration.between(startedAt,
                                succeeded.finishedAt()).toMillis() / 1000.0,
                        succeeded.eventsPerSecond());
                return true;
            } catch (RuntimeException e) {
                status.set(status.get().failed(clock.instant(), e.toString()));
                LOG.error("Rebuild of the read models failed; the read models are unchanged", e);
                return false;
            } finally {
                jdbc.update("update projection_rebuild_claim set owner = null, beat_on = null"
                        + " where id = 1 and owner = ?", owner);
            }
        }

        private TrackingToken replayUntilCaughtUp() {
            transactions.executeWithoutResult(done -> {
                for (String table : TABLES) {
                    jdbc.execute("truncate table " + table + TWIN_SUFFIX + " restart identity");
                }
            });
            TrackingToken token = null;
            for (int pass = 0; pass < PASSES_MAX; pass++) {
                TrackingToken from = token;
                Batch batch = transactions.execute(done -> replayBatch(from));
                token = batch.token();
                renewClaim();
                report(eventsTotal());
                if (batch.events() < BATCH_EVENTS_MAX) {
                    break;
                }
            }
            return token;
        }

        /**
         * With writers held off: the events appended since the last pass, then the copy. On
         * PostgreSQL the lock waits for every append in flight (on any node) to commit, so the
         * store holds no gap that can still fill.
         */
        private void finalStep(TrackingToken from) {
            eventStore.lockAgainstAppends();
            TrackingToken token = from;
            Batch batch;
            do {
                batch = replayBatch(token);
                token = batch.token();
            } while (batch.events() == BATCH_EVENTS_MAX);
            writes.flush();
            report(eventsDone);
            for (String table : TABLES) {
                copyTwinOver(table);
            }
        }

        private Batch replayBatch(TrackingToken from) {
            return writes.intoTablesWithSuffix(TWIN_SUFFIX, () -> {
                TrackingToken token = from;
                int events = 0;
                try (Stream<? extends TrackedEventMessage<?>> stream =
                             eventStorage.readEvents(from, false)) {
                    Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
                    while (events < BATCH_EVENTS_MAX && iterator.hasNext()) {
                        TrackedEventMessage<?> event = iterator.next();
                        handle(event);
                        token = event.trackingToken();
                        events++;
                    }
                }
                eventsDone += events;
                return new Batch(token, events);
            });
        }

        private void handle(TrackedEventMessage<?> event) {
            try {
                handlers.handle(event, Segment.ROOT_SEGMENT);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("could not replay event "
                        + event.getIdentifier(), e);
            }
        }

        private void copyTwinOver(String table) {
            List<String> columns = jdbc.query("select * from " + table + " where 1 = 0",
                    (java.sql.ResultSet rows) -> {
                        List<String> names = new ArrayList<>();
                        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                            names.add(rows.getMetaData().getColumnName(i).toLowerCase());
                        }
                        return names;
                    });
            String list = String.join(", ", columns);
            jdbc.update("delete from " + table);
            jdbc.update("insert into " + table + " (" + list + ") select " + list + " from "
                    + table + TWIN_SUFFIX);
        }

        /**
         * The store's events, counted again only as often as progress is logged: a count reads
         * the whole table, and doing it on every pass made a long replay quadratic.
         */
        private long eventsTotal() {
            Instant now = clock.instant();
            if (Duration.between(countedAt, now).compareTo(progressLogInterval) >= 0) {
                countedAt = now;
                eventsCounted = countEvents();
            }
            return Math.max(eventsCounted, eventsDone);
        }

        private void renewClaim() {
            int renewed = jdbc.update("update projection_rebuild_claim set beat_on = ?"
                    + " where id = 1 and owner = ?", java.sql.Timestamp.from(clock.instant()),
                    owner);
            if (renewed != 1) {
                throw new IllegalStateException("the rebuild lost its claim (stalled for over "
                        + CLAIM_STALE_AFTER + "?)");
            }
        }

        private void report(long eventsTotal) {
            Instant now = clock.instant();
            RebuildStatus progress = RebuildStatus.running(startedAt, eventsDone, eventsTotal, now);
            status.set(progress);
            if (Duration.between(loggedAt, now).compareTo(progressLogInterval) >= 0) {
                loggedAt = now;
                LOG.info("Rebuild of the read models: {} of {} events, {} events/s, about {} s"
                                + " left", progress.eventsDone(), progress.eventsTotal(),
                        progress.eventsPerSecond(), progress.secondsLeft());
            }
        }
    }

    private record Batch(TrackingToken token, int events) {
    }
}

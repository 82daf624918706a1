package org.pointsledger.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * One start of the service on a fresh database of its own, and the workloads run against it in
 * order, each followed by the check of every account it touched: the pool is seeded, then come
 * the bulk requests, the single adds, the reads, the hot account and the rebuild (the naive
 * baseline runs the single adds and the hot account only). The service, its database and the
 * scratch tables of the ceilings are gone when it ends, whether it passed or not.
 */
final class ServiceRun {

    /** Concurrent GETs of the checks; not measured. */
    static final int CHECK_CLIENTS = 8;
    /** The service's connection pool as shipped (LEDGER_DB_POOL_SIZE's default). */
    static final int SERVICE_POOL_CONNECTIONS = 20;
    /** The benchmark's own: the cost meter's, and one to create and drop databases. */
    static final int OWN_CONNECTIONS = 2;

    private final Configuration configuration;
    private final BenchmarkOptions options;
    private final Size size;
    private final Path directory;
    private final String tag = UUID.randomUUID().toString().substring(0, 6);
    private final String apiKey = "benchmark-" + UUID.randomUUID();
    private final ExpectedLedger ledger = new ExpectedLedger();
    private final List<CostMeter.Costs> costs = new ArrayList<>();
    private LedgerService service;
    private LedgerClient client;
    private CostMeter meter;
    private BulkRequests bulkRequests;

    ServiceRun(Configuration configuration, BenchmarkOptions options) {
        this.configuration = configuration;
        this.options = options;
        this.size = options.size();
        this.directory = options.outputDirectory().resolve(configuration.shortName());
    }

    RunFigures run() {
        options.server().requireFreeConnections(SERVICE_POOL_CONNECTIONS + OWN_CONNECTIONS
                + (configuration == Configuration.SHIPPED ? size.wrkConnections() : 0));
        try (BenchmarkDatabase database = options.server()
                .createDatabase(configuration.shortName());
             LedgerService started = start(database);
             CostMeter costMeter = new CostMeter(database, started.pid(),
                     configuration.title(), size.statisticsSettle())) {
            service = started;
            client = new LedgerClient(service.baseUrl(), apiKey);
            meter = costMeter;
            return measure(database);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private LedgerService start(BenchmarkDatabase database) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress("starting the service on " + database.name());
        return LedgerService.start(options.serviceJar(), database, apiKey,
                configuration.arguments(), directory, "service");
    }

    private RunFigures measure(BenchmarkDatabase database) {
        bulkRequests = new BulkRequests(size, tag, new Random(options.seed()));
        List<String> pool = bulkRequests.poolContacts();
        progress("seeding " + pool.size() + " pool accounts");
        new BulkWorkload(client, ledger).sendInTurn(bulkRequests.seed());
        ledger.verify(client, pool, CHECK_CLIENTS, "seeding the pool");
        boolean shipped = configuration == Configuration.SHIPPED;
        BulkWorkload.Figures bulk = shipped ? bulk() : null;
        Ceilings.EventShape shape = shipped
                ? Ceilings.eventShape(client, ledger.accountId(pool.get(0))) : null;
        Double insertCeiling = shipped ? insertCeiling(database, bulk, shape) : null;
        SingleAddsWorkload.Figures singleAdds = singleAdds(pool);
        Pgbench.Result pgbench = shipped ? pgbench(database, shape) : null;
        ReadsWorkload.Figures reads = shipped ? reads(pool) : null;
        HotAccountWorkload.Figures hot = hotAccount();
        RebuildWorkload.Figures rebuild = shipped ? rebuild() : null;
        service.checkAlive();
        long heap = Math.max(HeapLog.maxUsedBeforeCollectionBytes(service.gcLog()),
                HeapLog.usedNowBytes(client));
        return new RunFigures(configuration, bulk, insertCeiling, shape, singleAdds, pgbench,
                reads, hot, rebuild, heap, List.copyOf(costs),
                meter.statementsCounted());
    }

    private BulkWorkload.Figures bulk() {
        List<BulkRequests.Request> requests = IntStream.range(0, size.bulkRequests())
                .mapToObj(bulkRequests::measured).toList();
        progress("bulk: " + requests.size() + " requests of " + size.bulkItemsPerRequest()
                + " items from " + size.bulkClients() + " clients");
        CostMeter.Reading start = meter.start();
        BulkWorkload.Figures figures = new BulkWorkload(client, ledger)
                .measure(requests, size.bulkClients());
        costs.add(meter.end("bulk items", figures.items(), start));
        ledger.verify(client, ledger.contacts(), CHECK_CLIENTS, "the bulk requests");
        return figures;
    }

    private double insertCeiling(BenchmarkDatabase database, BulkWorkload.Figures bulk,
                                 Ceilings.EventShape shape) {
        progress("ceiling of the bulk: INSERT of " + bulk.items() + " event-shaped rows");
        return Ceilings.insertRowsPerSecond(database, (int) bulk.items(), shape);
    }

    private SingleAddsWorkload.Figures singleAdds(List<String> pool) {
        SingleAddsWorkload adds = new SingleAddsWorkload(client, service.baseUrl(), apiKey,
                ledger, directory, tag);
        progress("single adds: " + size.wrkConnections() + " connections, "
                + size.wrkDuration().toSeconds() + " s (after a warm-up)");
        adds.run("adds-warmup", pool, size.wrkThreads(), size.wrkConnections(),
                size.wrkWarmup());
        CostMeter.Reading start = meter.start();
        SingleAddsWorkload.Figures figures = adds.run("adds", pool, size.wrkThreads(),
                size.wrkConnections(), size.wrkDuration());
        costs.add(meter.end("single adds", figures.wrk().answered2xx(), start));
        ledger.verify(client, pool, CHECK_CLIENTS, "the single adds");
        return figures;
    }

    private Pgbench.Result pgbench(BenchmarkDatabase database, Ceilings.EventShape shape) {
        progress("ceiling of the single adds: pgbench, " + size.wrkConnections() + " clients");
        return Ceilings.singleInserts(database, shape, size.wrkConnections(), size.wrkThreads(),
                size.wrkDuration(), directory);
    }

    /** GETs of the pool accounts, then of definition 1 as their ceiling. */
    private ReadsWorkload.Figures reads(List<String> pool) {
        ReadsWorkload reads = new ReadsWorkload(service.baseUrl(), apiKey, directory);
        List<String> ids = pool.stream().map(ledger::accountId).toList();
        int threads = size.wrkThreads();
        int connections = size.wrkConnections();
        progress("reads: GET an account, then GET a definition, " + connections
                + " connections, " + size.wrkDuration().toSeconds() + " s each");
        reads.accounts("reads-warmup", ids, threads, connections, size.wrkWarmup());
        reads.definition("definition-warmup", threads, connections, size.wrkWarmup());
        CostMeter.Reading start = meter.start();
        Wrk.Result accounts = reads.accounts("reads", ids, threads, connections,
                size.wrkDuration());
        costs.add(meter.end("account reads", accounts.answered2xx(), start));
        start = meter.start();
        Wrk.Result definition = reads.definition("definition-reads", threads, connections,
                size.wrkDuration());
        costs.add(meter.end("definition reads", definition.answered2xx(), start));
        return new ReadsWorkload.Figures(accounts, definition);
    }

    private HotAccountWorkload.Figures hotAccount() {
        HotAccountWorkload workload = new HotAccountWorkload(client, ledger, bulkRequests, tag);
        int events = size.hotAccountEvents();
        int samples = configuration == Configuration.SHIPPED ? size.hotAccountSamples()
                : size.naiveHotAccountSamples();
        progress("hot account: " + events + " events, then " + samples
                + " adds into it and as many into fresh accounts");
        String hot = workload.load(events);
        List<String> fresh = workload.openFresh(samples);
        List<String> touched = new ArrayList<>(fresh);
        touched.add(hot);
        ledger.verify(client, touched, CHECK_CLIENTS, "loading the hot account");
        CostMeter.Reading start = meter.start();
        HotAccountWorkload.Figures figures = workload.measure(hot, fresh, events);
        costs.add(meter.end("hot and fresh adds", 2L * samples, start));
        ledger.verify(client, touched, CHECK_CLIENTS, "the adds into the hot account");
        return figures;
    }

    private RebuildWorkload.Figures rebuild() {
        progress("rebuild of the read models");
        CostMeter.Reading start = meter.start();
        RebuildWorkload.Figures figures = new RebuildWorkload(client).run();
        costs.add(meter.end("rebuild events", figures.events(), start));
        ledger.verify(client, ledger.contacts(), CHECK_CLIENTS, "the rebuild");
        return figures;
    }

    private void progress(String step) {
        options.progress(configuration.shortName() + ": " + step);
    }
}

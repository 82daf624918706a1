package org.pointsledger.benchmark;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's figures as one markdown table, each beside its ceiling measured in the same run
 * and issue 10's target, then the cost of each workload per item, and how it was measured.
 */
final class Report {

    static final double BULK_TARGET_SHARE = 0.10;
    static final double SINGLE_ADDS_TARGET_SHARE = 0.50;
    static final double SINGLE_ADDS_P99_MAX_MILLIS = 100;
    static final double READS_TARGET_SHARE = 0.80;
    static final double HOT_ACCOUNT_RATIO_MAX = 1.2;
    static final double REBUILD_TARGET_EVENTS_PER_SECOND = 10_000;
    private static final double MEGABYTE = 1024 * 1024;
    private static final String NONE = "–";

    private final BenchmarkOptions options;
    private final Machine machine;
    private final Instant started;
    private final double loadAtStart;
    private final double loadAtEnd;
    private final double minutes;
    private final RunFigures shipped;
    private final RunFigures naive;

    Report(BenchmarkOptions options, Machine machine, Instant started, double loadAtStart,
           double loadAtEnd, double minutes, RunFigures shipped, RunFigures naive) {
        this.options = options;
        this.machine = machine;
        this.started = started;
        this.loadAtStart = loadAtStart;
        this.loadAtEnd = loadAtEnd;
        this.minutes = minutes;
        this.shipped = shipped;
        this.naive = naive;
    }

    String markdown() {
        StringBuilder text = new StringBuilder();
        header(text);
        text.append("\n| work | naive baseline | this service | ceiling (same run) | share"
                + " | target | met |\n|---|---|---|---|---|---|---|\n");
        for (List<String> row : List.of(bulkRow(), singleAddsRow(), readsRow(), hotAccountRow(),
                rebuildRow(), memoryRow())) {
            text.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        costs(text);
        notes(text);
        return text.toString();
    }

    private void header(StringBuilder text) {
        text.append(format("## Benchmark, size %s: %s UTC%n%n", options.size().name(),
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                        .format(started.atOffset(ZoneOffset.UTC))));
        text.append(format("- Machine: %d cores, %.1f GB RAM, PostgreSQL %s on %s:%d; load"
                        + " average %.2f at the start, %.2f at the end%s.%n", machine.cores(),
                machine.memoryGigabytes(), machine.postgresVersion(), options.server().host(),
                options.server().port(), loadAtStart, loadAtEnd,
                loadAtStart > machine.cores() / 2.0
                        ? " (something else was running: do not quote these figures)" : ""));
        text.append(format("- Commit %s; service %s with -Xmx%dm, rate limit lifted.%n",
                machine.commit(), options.serviceJar().getFileName(),
                LedgerService.HEAP_MAX_MEGABYTES));
        text.append(format("- Command: `%s` (seed %d), %.1f minutes; logs in %s.%n",
                options.command(), options.seed(), minutes, options.outputDirectory()));
    }

    private List<String> bulkRow() {
        Size size = options.size();
        BulkWorkload.Figures bulk = shipped.bulk();
        double share = bulk.itemsPerSecond() / shipped.insertCeilingRowsPerSecond();
        return List.of(format("bulk: %d requests of %d items, each over as many contacts"
                        + " (half new), ~10%% pending, ~20%% with validTo; %d clients",
                        size.bulkRequests(), size.bulkItemsPerRequest(), size.bulkClients()),
                NONE,
                format("%s items/s; a request %.2f s (median), %.2f s (max)",
                        rate(bulk.itemsPerSecond()), bulk.requestLatencies().medianMillis() / 1e3,
                        bulk.requestLatencies().maxMillis() / 1e3),
                format("%s rows/s: INSERT ... SELECT FROM generate_series of %,d event-shaped"
                        + " rows (payload %d B, metadata %d B)",
                        rate(shipped.insertCeilingRowsPerSecond()), bulk.items(),
                        shipped.eventShape().payloadBytes(),
                        shipped.eventShape().metadataBytes()),
                percent(share), "≥ 10% (reach 25%)", met(share >= BULK_TARGET_SHARE));
    }

    private List<String> singleAddsRow() {
        Size size = options.size();
        Wrk.Result adds = shipped.singleAdds().wrk();
        Pgbench.Result pgbench = shipped.singleInsertCeiling();
        double share = adds.answered2xxPerSecond() / pgbench.transactionsPerSecond();
        boolean met = share >= SINGLE_ADDS_TARGET_SHARE
                && adds.p99Millis() <= SINGLE_ADDS_P99_MAX_MILLIS && adds.answeredOther() == 0;
        return List.of(format("single adds: %d connections (wrk), %,d accounts, unique"
                                + " transactionIds, %d s", size.wrkConnections(),
                        size.poolAccounts(), size.wrkDuration().toSeconds()),
                naive == null ? NONE : singleAdds(naive.singleAdds()),
                singleAdds(shipped.singleAdds()),
                format("%s commits/s: pgbench, one INSERT per transaction, %d clients",
                        rate(pgbench.transactionsPerSecond()), size.wrkConnections()),
                percent(share), "≥ 50%, p99 ≤ 100 ms, no non-2xx", met(met));
    }

    private static String singleAdds(SingleAddsWorkload.Figures figures) {
        Wrk.Result adds = figures.wrk();
        return format("%s adds/s, p50 %.1f ms, p99 %.1f ms, non-2xx %d (%d cut off at the end,"
                        + " sent again)", rate(adds.answered2xxPerSecond()), adds.p50Millis(),
                adds.p99Millis(), adds.answeredOther(), figures.resent());
    }

    private List<String> readsRow() {
        Size size = options.size();
        ReadsWorkload.Figures reads = shipped.reads();
        return List.of(format("reads: GET one account (of %,d), %d connections (wrk), %d s",
                        size.poolAccounts(), size.wrkConnections(),
                        size.wrkDuration().toSeconds()),
                NONE, reads(reads.accounts()),
                "GET one definition, same key and settings: " + reads(reads.definition()),
                percent(reads.share()), "≥ 80%", met(reads.share() >= READS_TARGET_SHARE));
    }

    private static String reads(Wrk.Result result) {
        return format("%s/s, p50 %.1f ms, p99 %.1f ms", rate(result.answered2xxPerSecond()),
                result.p50Millis(), result.p99Millis());
    }

    private List<String> hotAccountRow() {
        HotAccountWorkload.Figures hot = shipped.hotAccount();
        return List.of(format("hot account: a single add into an account with %,d events vs"
                        + " one into a fresh account, one client, alternately",
                        hot.events()),
                naive == null ? NONE : hotAccount(naive.hotAccount()), hotAccount(hot), NONE,
                NONE, "≤ 1.2×", met(hot.ratio() <= HOT_ACCOUNT_RATIO_MAX));
    }

    private static String hotAccount(HotAccountWorkload.Figures figures) {
        return format("%.2f×: median %.1f ms vs %.1f ms, p99 %.1f ms vs %.1f ms (%d each)",
                figures.ratio(), figures.hot().medianMillis(), figures.fresh().medianMillis(),
                figures.hot().percentileMillis(0.99), figures.fresh().percentileMillis(0.99),
                figures.hot().count());
    }

    private List<String> rebuildRow() {
        RebuildWorkload.Figures rebuild = shipped.rebuild();
        return List.of(format("rebuild: the read models, over everything the run wrote"
                        + " (%,d events)", rebuild.events()), NONE,
                format("%s events/s (%.1f s)", rate(rebuild.eventsPerSecond()),
                        rebuild.seconds()), NONE, NONE, "≥ 10,000 events/s",
                met(rebuild.eventsPerSecond() >= REBUILD_TARGET_EVENTS_PER_SECOND));
    }

    private List<String> memoryRow() {
        int heapMax = LedgerService.HEAP_MAX_MEGABYTES;
        return List.of("memory: the service ran its whole run under -Xmx" + heapMax + "m",
                naive == null ? NONE : heap(naive), heap(shipped), "-Xmx" + heapMax + "m",
                percent(shipped.maxHeapBytes() / (heapMax * MEGABYTE)),
                "the whole benchmark runs with -Xmx512m", met(true));
    }

    private static String heap(RunFigures figures) {
        return format("max heap used %.0f MB", figures.maxHeapBytes() / MEGABYTE);
    }

    private void costs(StringBuilder text) {
        text.append("\nCost per item (item: a bulk item, an add, a read, an event replayed):\n\n"
                + "| workload | run | items | service CPU ms | PostgreSQL CPU ms | SQL statements"
                + " | transactions | rows written | table scans |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        List<CostMeter.Costs> all = new ArrayList<>(shipped.costs());
        if (naive != null) {
            all.addAll(naive.costs());
        }
        for (CostMeter.Costs cost : all) {
            double items = Math.max(cost.items(), 1);
            text.append(format("| %s | %s | %,d | %.3f | %.3f | %s | %.2f | %.2f | %.2f |%n",
                    cost.workload(), cost.run(), cost.items(),
                    cost.serviceCpuSeconds() * 1e3 / items,
                    cost.databaseCpuSeconds() * 1e3 / items,
                    cost.statements() == null ? NONE : format("%.1f", cost.statements() / items),
                    cost.transactions() / items, cost.rowsWritten() / items,
                    cost.scans() / items));
        }
    }

    private void notes(StringBuilder text) {
        text.append("\nShare: this service's figure over the ceiling's. Every answer was checked:"
                + " each account's balance, pending points and expiry to the last decimal after"
                + " each workload and after the rebuild, each bulk answer item by item, and every"
                + " single add accounted for (those cut off when wrk stopped sent again).\n");
        text.append("CPU: utime + stime from /proc of the service JVM, and of the run"
                + " database's PostgreSQL backends alive at the end of the workload.");
        if (!shipped.statementsCounted()) {
            text.append(" SQL statements: not counted, pg_stat_statements is not in this"
                    + " server's shared_preload_libraries; transactions and rows written are"
                    + " from pg_stat_database, table scans (sequential and index) from"
                    + " pg_stat_user_tables.");
        }
        text.append("\n");
    }

    private static String rate(double perSecond) {
        return perSecond >= 100 ? format("%,.0f", perSecond) : format("%.1f", perSecond);
    }

    private static String percent(double fraction) {
        int decimals = fraction < 0.01 ? 2 : fraction < 0.1 ? 1 : 0;
        return format("%." + decimals + "f%%", fraction * 100);
    }

    private static String met(boolean met) {
        return met ? "yes" : "no";
    }

    private static String format(String pattern, Object... arguments) {
        return String.format(Locale.ROOT, pattern, arguments);
    }
}

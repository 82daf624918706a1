package org.pointsledger.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL's own load generator, running a custom script against one of the run's databases. */
final class Pgbench {

    private static final Pattern TPS = Pattern.compile(
            "tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern PROCESSED = Pattern.compile(
            "number of transactions actually processed: ([0-9]+)");
    private static final Pattern FAILED = Pattern.compile(
            "number of failed transactions: ([0-9]+)");

    /** Commits per second, commits, and transactions that failed (must be none). */
    record Result(double transactionsPerSecond, long transactions) {
    }

    private Pgbench() {
    }

    static boolean installed() {
        return Tools.installed("pgbench", "--version");
    }

    static Result run(BenchmarkDatabase database, Path script, int clients, int threads,
                      Duration duration, Path log) {
        PostgresServer server = database.server();
        String output = Tools.run(List.of("pgbench", "--no-vacuum",
                        "--host=" + server.host(), "--port=" + server.port(),
                        "--username=" + server.user(), "--client=" + clients,
                        "--jobs=" + threads, "--time=" + duration.toSeconds(),
                        "--file=" + script, database.name()),
                Map.of("PGPASSWORD", server.password()), log, duration.plusMinutes(2));
        Matcher failed = FAILED.matcher(output);
        CheckFailed.unless(!failed.find() || Long.parseLong(failed.group(1)) == 0,
                "pgbench saw failed transactions; see " + log);
        return new Result(Double.parseDouble(find(TPS, output, log)),
                Long.parseLong(find(PROCESSED, output, log)));
    }

    private static String find(Pattern pattern, String output, Path log) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("pgbench printed no " + pattern + "; see " + log);
        }
        return matcher.group(1);
    }
}

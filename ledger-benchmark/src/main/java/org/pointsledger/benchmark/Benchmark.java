package org.pointsledger.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;

/**
 * The benchmark of issue 10: starts the service's jar on fresh PostgreSQL databases, runs the
 * six workloads of the targets against it over real HTTP, measures a ceiling for each
 * on the same database in the same run, checks that every answer was exact, and prints one
 * markdown table (also written to {@code report.md} beside the run's logs).
 *
 * <p>Run it from the repository's root after {@code mvn -B -q package -DskipTests}:
 * {@code java -jar ledger-benchmark/target/ledger-benchmark-*.jar} (full size; see
 * {@link BenchmarkOptions} for the settings). It exits 1 when an answer was wrong; a target
 * not met is a figure, not a failure.
 */
public final class Benchmark {

    private final BenchmarkOptions options;

    Benchmark(BenchmarkOptions options) {
        this.options = options;
    }

    public static void main(String[] arguments) {
        String command = ProcessHandle.current().info().commandLine()
                .orElse("java -jar ledger-benchmark/target/ledger-benchmark-*.jar");
        try {
            Report report = new Benchmark(BenchmarkOptions.fromSystem(Size.FULL, command)).run();
            System.out.println();
            System.out.println(report.markdown());
        } catch (CheckFailed e) {
            System.err.println("benchmark: an answer was not exact: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    /** Runs the service as shipped, then the naive baseline when asked; checks every answer. */
    Report run() {
        Instant started = Instant.now();
        long startedNanos = System.nanoTime();
        double loadAtStart = Machine.loadAverage();
        Machine machine = Machine.describe(options.server(), options.repository());
        options.progress("size " + options.size().name() + ", seed " + options.seed()
                + ", service " + options.serviceJar() + ", logs in " + options.outputDirectory());
        RunFigures shipped = new ServiceRun(Configuration.SHIPPED, options).run();
        RunFigures naive = options.naive()
                ? new ServiceRun(Configuration.NAIVE, options).run() : null;
        Report report = new Report(options, machine, started, loadAtStart, Machine.loadAverage(),
                (System.nanoTime() - startedNanos) / 60e9, shipped, naive);
        try {
            Files.writeString(options.outputDirectory().resolve("report.md"), report.markdown(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report;
    }
}

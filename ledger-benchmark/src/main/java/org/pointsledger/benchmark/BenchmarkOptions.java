package org.pointsledger.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;

/**
 * How the benchmark is run, from system properties with the environment of the tests as
 * fallback:
 * <ul>
 *   <li>{@code benchmark.size}: {@code full} (issue 10's shapes) or {@code small};</li>
 *   <li>{@code benchmark.connections}: the connections of the single adds, the reads and
 *       pgbench, instead of the size's (32 in the full size), for a PostgreSQL server that
 *       cannot spare that many;</li>
 *   <li>{@code benchmark.db.url}, else {@code LEDGER_TEST_DB_URL}, else
 *       {@code jdbc:postgresql://127.0.0.1:5432/postgres}: a database on the PostgreSQL
 *       server to run on (the benchmark makes and drops databases of its own there), with
 *       {@code benchmark.db.user} ({@code LEDGER_TEST_DB_USER}, default postgres) and
 *       {@code benchmark.db.password} ({@code LEDGER_TEST_DB_PASSWORD}, default empty);</li>
 *   <li>{@code benchmark.naive}: whether the naive baseline runs too (by default in the full
 *       size only);</li>
 *   <li>{@code benchmark.seed}: the seed of the generated data (random by default; printed);</li>
 *   <li>{@code benchmark.service-jar}: the service's jar, by default the one under
 *       {@code ledger-api/target} of the repository the benchmark is started in (its root or
 *       one of its modules).</li>
 * </ul>
 * Logs, wrk's and pgbench's outputs and the report go to
 * {@code ledger-benchmark/target/benchmark/<time>/}.
 */
record BenchmarkOptions(Size size, PostgresServer server, boolean naive, long seed,
                        Path repository, Path serviceJar, Path outputDirectory,
                        String command) {

    static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    /** Options from the system properties and environment; {@code defaultSize} if unset. */
    static BenchmarkOptions fromSystem(Size defaultSize, String command) {
        Size size = Size.named(System.getProperty("benchmark.size", defaultSize.name()));
        Integer connections = Integer.getInteger("benchmark.connections");
        if (connections != null) {
            size = size.withConnections(connections);
        }
        PostgresServer server = PostgresServer.of(
                setting("benchmark.db.url", "LEDGER_TEST_DB_URL", DEFAULT_DB_URL),
                setting("benchmark.db.user", "LEDGER_TEST_DB_USER", "postgres"),
                setting("benchmark.db.password", "LEDGER_TEST_DB_PASSWORD", ""));
        boolean naive = Boolean.parseBoolean(System.getProperty("benchmark.naive",
                Boolean.toString(size.naiveByDefault())));
        long seed = Long.getLong("benchmark.seed", new Random().nextLong());
        Path repository = findRepository();
        String jar = System.getProperty("benchmark.service-jar");
        Path serviceJar = jar != null ? Path.of(jar) : LedgerService.serviceJar(repository);
        Path output = repository.resolve("ledger-benchmark").resolve("target")
                .resolve("benchmark").resolve(LocalDateTime.now(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        return new BenchmarkOptions(size, server, naive, seed, repository, serviceJar,
                output.toAbsolutePath(), command);
    }

    /** Prints a step of the run with the time, so that a long run shows where it is. */
    void progress(String step) {
        System.out.println("benchmark " + LocalTime.now(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS) + ": " + step);
    }

    /** The repository's root: the working directory or its parent (a module's directory). */
    private static Path findRepository() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("ledger-api"))
                    && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("start the benchmark in the repository (its root or a"
                + " module); " + here + " is not in it");
    }

    private static String setting(String property, String variable, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}

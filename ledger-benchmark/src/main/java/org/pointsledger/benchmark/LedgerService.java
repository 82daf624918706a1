package org.pointsledger.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The service under test as an operator runs it: {@code java -Xmx512m -jar ledger-api-*.jar}
 * in a process of its own, on one of the benchmark's databases, with the per-key rate limit
 * lifted (it would otherwise be what is measured) and a bootstrap API key the benchmark knows.
 * Its collector logs every collection, from which the run takes the most heap ever used.
 * A child still alive when the benchmark's JVM exits is killed.
 */
final class LedgerService implements AutoCloseable {

    static final int HEAP_MAX_MEGABYTES = 512;
    static final Duration STARTUP_MAX = Duration.ofMinutes(3);
    private static final Duration SHUTDOWN_MAX = Duration.ofSeconds(60);
    /** The highest per-key rate and burst the service takes: far above any rate measured. */
    private static final String UNLIMITED_RATE = "1000000";
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> LIVE.forEach(Process::destroyForcibly), "benchmark-service-reaper"));
    }

    private final Process process;
    private final int port;
    private final Path log;
    private final Path gcLog;

    private LedgerService(Process process, int port, Path log, Path gcLog) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.gcLog = gcLog;
    }

    /**
     * The one {@code ledger-api-*.jar} under {@code ledger-api/target} of the repository; a
     * benchmark without it cannot run, and says how to make it.
     */
    static Path serviceJar(Path repository) {
        Path target = repository.resolve("ledger-api").resolve("target");
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target,
                    "ledger-api-*.jar")) {
                found.forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("expected one ledger-api-*.jar in " + target
                    + ", found " + jars + ": build the service first, from the repository"
                    + " root: mvn -B -q package -DskipTests");
        }
        return jars.get(0);
    }

    /**
     * Starts the jar on {@code database} and waits until its health is UP. {@code arguments}
     * are Spring properties given on the command line (they win over application.yml).
     */
    static LedgerService start(Path jar, BenchmarkDatabase database, String apiKey,
                               List<String> arguments, Path directory, String name) {
        int port = freePort();
        Path log = directory.resolve(name + ".log");
        Path gcLog = directory.resolve(name + "-gc.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MAX_MEGABYTES + "m", "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=" + gcLog, "-jar", jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("LEDGER_")
                || key.startsWith("SPRING_") || key.startsWith("SERVER_"));
        environment.put("LEDGER_DB_URL", database.url());
        environment.put("LEDGER_DB_USER", database.server().user());
        environment.put("LEDGER_DB_PASSWORD", database.server().password());
        environment.put("LEDGER_BOOTSTRAP_API_KEY", apiKey);
        environment.put("LEDGER_RATE_LIMIT_REQUESTS_PER_SECOND", UNLIMITED_RATE);
        environment.put("LEDGER_RATE_LIMIT_BURST", UNLIMITED_RATE);
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        LIVE.add(process);
        LedgerService service = new LedgerService(process, port, log, gcLog);
        try {
            service.awaitHealthy();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    Path gcLog() {
        return gcLog;
    }

    Path log() {
        return log;
    }

    /** Fails the run when the service has died or ran out of memory at any point. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new CheckFailed("the service exited with " + process.exitValue() + "; see "
                    + log);
        }
        try {
            CheckFailed.unless(!Files.readString(log, StandardCharsets.UTF_8)
                    .contains("OutOfMemoryError"), "the service ran out of memory under -Xmx"
                    + HEAP_MAX_MEGABYTES + "m; see " + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        LedgerClient health = new LedgerClient(baseUrl(), "");
        long deadline = System.nanoTime() + STARTUP_MAX.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new CheckFailed("the service exited at start-up with "
                        + process.exitValue() + "; see " + log);
            }
            try {
                LedgerClient.Answer answer = health.get("/actuator/health");
                last = answer.status() + " " + answer.body();
                if (answer.status() == 200 && answer.json().path("status").asText()
                        .equals("UP")) {
                    return;
                }
            } catch (UncheckedIOException e) {
                last = e.getCause().toString();
            }
            pause(Duration.ofMillis(250));
        }
        throw new CheckFailed("the service was not healthy within " + STARTUP_MAX
                + " (last: " + last + "); see " + log);
    }

    /** Stops the service gracefully (SIGTERM), forcibly when it does not stop in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN_MAX.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(SHUTDOWN_MAX.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(process);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;

/**
 * Proves the service starts on its embedded H2 default, mints and prints one admin key on its
 * first start only, and keeps its data (and that key) across a restart.
 */
class EmbeddedStartupTest {

    private static final Duration STARTUP_MAX = Duration.ofSeconds(90);
    private static final Duration SHUTDOWN_MAX = Duration.ofSeconds(60);
    private static final long POLL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final Path LOGS = Path.of("target", "embedded-startup");
    private static final List<Process> STARTED = new ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The line that shows the minted key, and the curl line that shows how to use it. */
    private static final Pattern KEY_LINE =
            Pattern.compile("ledger API key: (pl_[A-Za-z0-9_-]{43})");
    private static final String USAGE_LINE = "curl -H 'apikey: ";
    private static Path workingDirectory;

    /** One run of the service: its process and the port it listens on. */
    private record Service(Process process, int port) {
    }

    @AfterAll
    static void stopEverything() throws IOException {
        STARTED.forEach(EmbeddedStartupTest::stop);
        if (workingDirectory != null) {
            try (Stream<Path> files = Files.walk(workingDirectory)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void service_mintsOneKeyAndKeepsItsDataInItsH2File_whenRestartedWithoutLedgerDbUrl()
            throws Exception {
        workingDirectory = Files.createTempDirectory("ledger-embedded-");
        String contactId = "embedded-" + UUID.randomUUID().toString().substring(0, 13);
        String transactionId = "tx-" + UUID.randomUUID();
        String accountId;
        String key;

        Service first = start("first-run");
        try {
            key = mintedKey(awaitHealthy(first), "first-run");
            Api api = new Api("http://localhost:" + first.port()).withKey(key);
            assertThat(api.withoutKey().get("/api/v3/point-accounts/definitions").status())
                    .as("no key, no entry").isEqualTo(401);
            try (Stream<Path> data = Files.list(workingDirectory.resolve("data"))) {
                assertThat(data.map(path -> path.getFileName().toString()))
                        .as("the embedded H2 database file").contains("ledger.mv.db");
            }
            Api.Response opened = api.post("/api/v3/point-accounts",
                    "{\"contactId\":\"" + contactId + "\",\"definitionId\":1}");
            assertThat(opened.status()).as(opened.text()).isEqualTo(201);
            accountId = opened.json().path("id").asText();
            Api.Response added = api.post("/api/v3/point-transactions",
                    transaction(accountId, transactionId));
            assertThat(added.status()).as(added.text()).isEqualTo(201);
        } finally {
            stop(first.process());
        }

        Service second = start("second-run");
        try {
            Api api = awaitHealthy(second).withKey(key);
            String log = Files.readString(LOGS.resolve("second-run.log"));
            assertThat(log).as("a restart mints no second key").doesNotContain(USAGE_LINE)
                    .doesNotMatch("(?s).*" + KEY_LINE.pattern() + ".*");
            Api.Response account = api.get("/api/v3/point-accounts/" + accountId);
            assertThat(account.status()).as(account.text()).isEqualTo(200);
            assertThat(account.json().path("contactId").asText()).isEqualTo(contactId);
            assertThat(account.json().path("balance").decimalValue())
                    .isEqualByComparingTo("42.5");
            Api.Response stored = api.get("/api/v3/point-transactions/" + transactionId);
            assertThat(stored.status()).as(stored.text()).isEqualTo(200);
            assertThat(stored.json().path("amount").decimalValue()).isEqualByComparingTo("42.5");
            assertThat(api.post("/api/v3/point-transactions", transaction(accountId,
                    transactionId)).status()).as("a repeat after the restart").isEqualTo(200);
        } finally {
            stop(second.process());
        }
        byte[] database = Files.readAllBytes(workingDirectory.resolve("data/ledger.mv.db"));
        String stored = new String(database, StandardCharsets.ISO_8859_1);
        assertThat(stored).as("the H2 file holds the key's hash").contains(HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(key.getBytes(StandardCharsets.UTF_8))));
        assertThat(stored).as("but never the key").doesNotContain(key);
    }

    /**
     * The key the first start printed: once, with a line that shows how to use it. It is
     * printed just after the service turns healthy, so it is waited for.
     */
    private static String mintedKey(Api api, String logName) throws IOException {
        long deadline = System.nanoTime() + STARTUP_MAX.toNanos();
        String log = Files.readString(LOGS.resolve(logName + ".log"));
        while (!log.contains(USAGE_LINE) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_INTERVAL_NANOS);
            log = Files.readString(LOGS.resolve(logName + ".log"));
        }
        Matcher line = KEY_LINE.matcher(log);
        assertThat(line.find()).as("the log shows the minted key; see " + LOGS).isTrue();
        String key = line.group(1);
        assertThat(line.find()).as("the key is printed once").isFalse();
        assertThat(log).contains(USAGE_LINE + key + "'");
        return key;
    }

    private static String transaction(String accountId, String transactionId) {
        return """
                {"accountId": "%s", "transactionId": "%s", "transactionType": "Addition",
                 "amount": 42.5, "description": "@@(Bonus.Points) - Slim Fit T-shirt",
                 "source": "Purchase", "transactionDate": "2024-11-13T08:16:27.949Z"}"""
                .formatted(accountId, transactionId);
    }

    /** Starts the service in its own JVM, as a new user would run it: no LEDGER_DB_URL. */
    private static Service start(String name) throws IOException {
        int port = freePort();
        Files.createDirectories(LOGS);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
                String.join(File.pathSeparator, applicationClasspath()),
                LedgerApplication.class.getName())
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(LOGS.resolve(name + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("LEDGER_DB_URL");
        environment.remove("LEDGER_DB_USER");
        environment.remove("LEDGER_DB_PASSWORD");
        environment.keySet().removeIf(key -> key.startsWith("SPRING_DATASOURCE_"));
        environment.remove("LEDGER_BOOTSTRAP_API_KEY");
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("LEDGER_EXPIRY_SWEEP_INTERVAL", "1h");
        Process process = builder.start();
        STARTED.add(process);
        return new Service(process, port);
    }

    /**
     * The test JVM's classpath without the test classes, whose test configurations would be
     * component-scanned into the service. A manifest-only surefire jar is opened up first.
     */
    private static List<String> applicationClasspath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.addAll(manifestClasspath(Path.of(entry)));
        }
        List<String> application = entries.stream()
                .filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
                .toList();
        String ownLocation = Path.of(URI.create(LedgerApplication.class.getProtectionDomain()
                .getCodeSource().getLocation().toString())).toString();
        assertThat(application).as("the service's own classes are on the child's classpath")
                .anyMatch(entry -> Path.of(entry).toString().equals(ownLocation));
        return application;
    }

    private static List<String> manifestClasspath(Path entry) throws IOException {
        if (!entry.getFileName().toString().startsWith("surefirebooter")) {
            return List.of(entry.toString());
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            return Stream.of(classPath.trim().split(" +"))
                    .map(url -> Path.of(URI.create(url)).toString()).toList();
        }
    }

    private static Api awaitHealthy(Service service) {
        int port = service.port();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + STARTUP_MAX.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            assertThat(service.process().isAlive()).as("the service exited early; see " + LOGS)
                    .isTrue();
            try {
                HttpResponse<String> response = client.send(health,
                        HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200
                        && JSON.readTree(response.body()).path("status").asText().equals("UP")) {
                    return new Api("http://localhost:" + port);
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            LockSupport.parkNanos(POLL_INTERVAL_NANOS);
        }
        throw new AssertionError("not healthy within " + STARTUP_MAX + " (last: " + last
                + "); see " + LOGS);
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN_MAX.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(SHUTDOWN_MAX.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
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

package org.pointsledger.api.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.pointsledger.api.LedgerApplication;

/**
 * The service as an operator runs it: its own JVM (the test JVM's classpath without the test
 * classes), its own port, environment and working directory, a log file per start under
 * target/service-processes. One object is one service node: start it, kill it (SIGKILL),
 * start it again on the same port. Every child still alive when the test JVM exits is killed,
 * so a failing test leaves no service behind.
 */
public final class ServiceProcess implements AutoCloseable {

    /** The key every child is given at start-up (LEDGER_BOOTSTRAP_API_KEY) and every request sends. */
    public static final String API_KEY = "ledger-test-process-key-3f9c2a7e5b1d4c6a";
    public static final String API_KEY_HEADER = "apikey";
    /** What a process ended by SIGKILL (signal 9) exits with, as Java reports it: 128 + 9. */
    public static final int SIGKILL_EXIT_CODE = 137;
    public static final Duration STARTUP_MAX = Duration.ofSeconds(120);
    private static final Duration SHUTDOWN_MAX = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Path LOGS = Path.of("target", "service-processes");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> LIVE.forEach(Process::destroyForcibly), "service-process-reaper"));
    }

    private final String name;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final int port;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> extraClasspath = new ArrayList<>();
    private final Set<String> unset = new HashSet<>();
    private final List<String> programArguments = new ArrayList<>();
    private Process process;
    private int starts;

    private ServiceProcess(String name, Path workingDirectory, Map<String, String> environment) {
        this.name = name;
        this.workingDirectory = workingDirectory;
        this.environment = new LinkedHashMap<>(environment);
        this.port = freePort();
    }

    /**
     * A node that runs in {@code workingDirectory} with these variables on top of the test JVM's
     * environment, less its LEDGER_DB_* and SPRING_DATASOURCE_* (so the node uses the embedded
     * H2 default unless LEDGER_DB_URL is given here). The expiry sweep runs hourly; rate limits
     * are lifted and the test key is the bootstrap key; the variables given here win.
     */
    public static ServiceProcess of(String name, Path workingDirectory,
                                    Map<String, String> environment) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("LEDGER_EXPIRY_SWEEP_INTERVAL", "1h");
        all.put("LEDGER_BOOTSTRAP_API_KEY", API_KEY);
        all.put("LEDGER_RATE_LIMIT_REQUESTS_PER_SECOND", "100000");
        all.put("LEDGER_RATE_LIMIT_BURST", "100000");
        all.putAll(environment);
        return new ServiceProcess(name, workingDirectory, all);
    }

    /** The variables that put a node on this PostgreSQL (or H2) database. */
    public static Map<String, String> database(String url, String user, String password) {
        return Map.of("LEDGER_DB_URL", url, "LEDGER_DB_USER", user,
                "LEDGER_DB_PASSWORD", password);
    }

    /** Adds options for the node's JVM, such as system properties, from its next start on. */
    public ServiceProcess jvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** Puts a directory or jar of the test's own on the node's classpath, after the service's. */
    public ServiceProcess classpath(Path entry) {
        extraClasspath.add(entry.toString());
        return this;
    }

    /** Leaves this variable of the test JVM's environment out of the node's. */
    public ServiceProcess unset(String variable) {
        unset.add(variable);
        environment.remove(variable);
        return this;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** A client of this node that sends the test key on every request. */
    public Api api() {
        return new Api(baseUrl()).withKey(API_KEY);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The log of the latest start. */
    public Path logFile() {
        return LOGS.resolve(name + "-" + starts + ".log");
    }

    /**
     * Runs the service once with these program arguments (a command such as
     * --rebuild-projections) and waits at most {@code within} for it to exit; answers its exit
     * code. The log is {@link #logFile()}.
     */
    public int runToExit(Duration within, String... arguments) {
        programArguments.addAll(List.of(arguments));
        try {
            launch();
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not exit within " + within + "; see "
                        + logFile());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            LIVE.remove(process);
            programArguments.clear();
        }
    }

    /** Starts the node (again) and waits until its health is UP. */
    public ServiceProcess start() {
        launch();
        awaitHealthy();
        return this;
    }

    private void launch() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        starts++;
        try {
            Files.createDirectories(LOGS);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> classpath = new ArrayList<>(applicationClasspath());
            classpath.addAll(extraClasspath);
            List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-Xmx512m"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath),
                    LedgerApplication.class.getName()));
            command.addAll(programArguments);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile().toFile());
            Map<String, String> variables = builder.environment();
            variables.keySet().removeIf(key -> key.startsWith("LEDGER_DB_")
                    || key.startsWith("SPRING_DATASOURCE_") || unset.contains(key));
            variables.putAll(environment);
            variables.put("SERVER_PORT", Integer.toString(port));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LIVE.add(process);
    }

    /**
     * Ends the node with SIGKILL, as a power cut or the OOM killer would: no shutdown hook, no
     * graceful stop, requests in flight cut off. Answers the exit code ({@link #SIGKILL_EXIT_CODE}).
     */
    public int kill() {
        try {
            process.destroyForcibly().waitFor(SHUTDOWN_MAX.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    /** Stops the node gracefully (SIGTERM), forcibly only when it does not stop in time. */
    public void stop() {
        if (process == null || !process.isAlive()) {
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
        } finally {
            LIVE.remove(process);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        String[] last = {"no answer"};
        Await.value(() -> name + " healthy (last: " + last[0] + "); see " + logFile(),
                STARTUP_MAX, POLL_INTERVAL, () -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited early with "
                                + process.exitValue() + "; see " + logFile());
                    }
                    try {
                        HttpResponse<String> response = client.send(health,
                                HttpResponse.BodyHandlers.ofString());
                        last[0] = response.statusCode() + " " + response.body();
                        return response.statusCode() == 200 && JSON.readTree(response.body())
                                .path("status").asText().equals("UP") ? response : null;
                    } catch (IOException e) {
                        last[0] = e.toString();
                        return null;
                    }
                });
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
        if (application.stream().noneMatch(entry -> Path.of(entry).toString()
                .equals(ownLocation))) {
            throw new AssertionError("the service's own classes are not on the classpath");
        }
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import nocallshome.OutboundConnectionRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.Await;
import org.pointsledger.api.support.ServiceProcess;

/**
 * The service makes no outbound network call of its own. It runs as its own process under
 * {@link OutboundConnectionRecorder}, which writes down every host the JVM looks up or connects
 * to, is used the way a shop uses it, and is stopped; only this machine may appear in the
 * record. A second run with Axon's update checker switched back on shows that the recorder does
 * see a call home when there is one.
 */
class NoCallsHomeTest {

    /** The update checker starts one second after Axon does; give it time to try. */
    private static final Duration CALL_HOME_GRACE = Duration.ofSeconds(5);
    private static final Duration CALL_HOME_SEEN_MAX = Duration.ofSeconds(60);
    /** The host Axon's update checker reports to when it is on. */
    private static final String AXON_UPDATE_HOST = "get.axoniq.io";

    private Path workingDirectory;
    private Path recorderClasspath;
    private Path record;
    private ServiceProcess service;

    @BeforeEach
    void prepare() throws IOException {
        workingDirectory = Files.createTempDirectory("ledger-no-calls-home-");
        record = workingDirectory.resolve("outbound-hosts.txt");
        recorderClasspath = workingDirectory.resolve("recorder-classes");
        // Only the recorder goes on the child's classpath, never the test configurations.
        String classFile = OutboundConnectionRecorder.class.getName().replace('.', '/') + ".class";
        Path compiled = Path.of(OutboundConnectionRecorder.class.getProtectionDomain()
                .getCodeSource().getLocation().getPath()).resolve(classFile);
        Files.createDirectories(recorderClasspath.resolve(classFile).getParent());
        Files.copy(compiled, recorderClasspath.resolve(classFile));
    }

    @AfterEach
    void stopAndDeleteEverything() throws IOException {
        if (service != null) {
            service.close();
        }
        try (Stream<Path> files = Files.walk(workingDirectory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Test
    void service_contactsNoHostButThisMachine_whileStartingServingAndStopping() throws Exception {
        service = recorded("no-calls-home");
        Api api = service.start().api();
        useLikeAShop(api);
        LockSupport.parkNanos(CALL_HOME_GRACE.toNanos());
        service.stop();

        assertThat(recordedHosts()).as("the service looked up or connected to its database "
                + "and nothing else; recorded in " + record).isNotEmpty();
        assertThat(foreignHosts()).as("hosts other than this machine the service contacted")
                .isEmpty();
    }

    @Test
    void recorder_seesAxonsUpdateChecker_whenItIsSwitchedBackOn() throws Exception {
        service = recorded("calls-home-control").jvmOptions("-Daxon.update-check.disabled=false");
        service.start();

        Await.until("the update checker's call home", CALL_HOME_SEEN_MAX,
                () -> foreignHosts().contains(AXON_UPDATE_HOST));
        assertThat(foreignHosts()).as("the recorder sees the update checker's call home")
                .contains(AXON_UPDATE_HOST);
    }

    /** A node on the embedded default whose outbound look-ups and connections are recorded. */
    private ServiceProcess recorded(String name) {
        return ServiceProcess.of(name, workingDirectory, Map.of())
                // Only the service's own configuration may keep Axon's checker off here.
                .unset("AXONIQ_UPDATE_CHECKER_DISABLED")
                .classpath(recorderClasspath)
                .jvmOptions("-Djava.security.manager=" + OutboundConnectionRecorder.class.getName(),
                        "-Dnocallshome.record=" + record.toAbsolutePath());
    }

    private static void useLikeAShop(Api api) {
        String contactId = "no-calls-" + UUID.randomUUID().toString().substring(0, 13);
        String accountId = Accounts.openNew(api, contactId, 1);
        Api.Response added = api.post("/api/v3/point-transactions", """
                {"accountId": "%s", "transactionId": "%s", "transactionType": "Addition",
                 "amount": 719.7, "description": "@@(Bonus.Points) - Slim Fit T-shirt",
                 "source": "Purchase", "transactionDate": "2024-11-13T08:16:27.949Z"}"""
                .formatted(accountId, UUID.randomUUID()));
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        assertThat(api.get("/api/v3/point-accounts/" + accountId).status()).isEqualTo(200);
        assertThat(api.get("/api/v3/point-transactions?id=" + accountId).status())
                .isEqualTo(200);
        assertThat(api.get("/v3/api-docs").status()).isEqualTo(200);
    }

    private List<String> recordedHosts() throws IOException {
        if (!Files.exists(record)) {
            return List.of();
        }
        return Files.readAllLines(record).stream().map(line -> line.split(" ")[0]).toList();
    }

    private Set<String> foreignHosts() throws IOException {
        Set<String> local = localNamesAndAddresses();
        Set<String> foreign = new HashSet<>();
        for (String host : recordedHosts()) {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            if (!local.contains(bare.toLowerCase()) && !isLoopbackLiteral(bare)) {
                foreign.add(bare);
            }
        }
        return foreign;
    }

    /** A loopback address, or the wildcard one (Tomcat connects to it to wake its acceptor). */
    private static boolean isLoopbackLiteral(String host) {
        boolean literal = host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.'
                || c == ':' || c == '%');
        try {
            if (!literal) {
                return false;
            }
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** This machine: localhost, its host name, and every address of its interfaces. */
    private static Set<String> localNamesAndAddresses() throws IOException {
        Set<String> local = new HashSet<>(Set.of("localhost"));
        InetAddress self = InetAddress.getLocalHost();
        local.add(self.getHostName().toLowerCase());
        local.add(self.getCanonicalHostName().toLowerCase());
        local.add(self.getHostAddress());
        try {
            NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .forEach(address -> {
                        String text = address.getHostAddress();
                        local.add(text.contains("%") ? text.substring(0, text.indexOf('%'))
                                : text);
                        local.add(text);
                    });
        } catch (SocketException e) {
            throw new IOException(e);
        }
        return local;
    }
}

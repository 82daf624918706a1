package org.pointsledger.api.outage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pointsledger.api.support.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A TCP proxy on 127.0.0.1 in front of the database, for the outage test. {@link #stop()} does
 * what a stopped server does to its clients: every open connection is closed and new ones are
 * refused (nothing listens on the port); {@link #start()} listens again on the same port.
 * {@link #freeze()} does what a hung server or a silent network does: connections stay open and
 * new ones are accepted, but no byte gets through either way (what is sent meanwhile is lost)
 * until {@link #thaw()}.
 */
final class TcpProxy implements AutoCloseable {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean frozen;
    private int port;

    TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    int port() {
        return port;
    }

    /**
     * A started proxy in front of the test database, with the service's datasource pointed
     * through it (for a test's {@code @DynamicPropertySource}).
     */
    static TcpProxy inFrontOfTestDatabase(DynamicPropertyRegistry registry) throws IOException {
        URI database = URI.create(TestDatabase.url().substring("jdbc:".length()));
        TcpProxy proxy = new TcpProxy(database.getHost(), database.getPort() < 0 ? 5432
                : database.getPort());
        proxy.start();
        String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + database.getRawPath()
                + (database.getRawQuery() == null ? "" : "?" + database.getRawQuery());
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", TestDatabase::password);
        return proxy;
    }

    synchronized void start() throws IOException {
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = listening.getLocalPort();
        server = listening;
        Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    synchronized void stop() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    void freeze() {
        frozen = true;
    }

    void thaw() {
        frozen = false;
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket database = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(database);
                pump(client, database);
                pump(database, client);
            } catch (IOException closedOrRefused) {
                // The proxy was stopped, or the database refused: the client sees a closed socket.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[BUFFER_BYTES];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    if (!frozen) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException closed) {
                // Either side closed: close both, as a dead server would leave them.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}

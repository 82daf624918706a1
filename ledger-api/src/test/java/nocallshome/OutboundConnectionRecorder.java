package nocallshome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.Permission;

/**
 * Installed in a child JVM with {@code -Djava.security.manager=nocallshome.OutboundConnectionRecorder}:
 * it permits everything, but writes down every host the process looks up or connects to, one
 * per line, in the file named by {@code nocallshome.record}. The JDK asks a security manager
 * before every DNS look-up and every socket connect, so nothing goes out unrecorded.
 *
 * <p>It lives outside {@code org.pointsledger} so that the service's component scan never sees
 * it; the test puts only this class on the child's classpath.
 */
public final class OutboundConnectionRecorder extends SecurityManager {

    private final Path record = Path.of(System.getProperty("nocallshome.record"));

    @Override
    public void checkPermission(Permission permission) {
        // Everything is allowed: this manager only watches.
    }

    @Override
    public void checkPermission(Permission permission, Object context) {
        // Everything is allowed: this manager only watches.
    }

    @Override
    public void checkConnect(String host, int port) {
        write(host + " " + port);
    }

    @Override
    public void checkConnect(String host, int port, Object context) {
        write(host + " " + port);
    }

    private synchronized void write(String line) {
        try {
            Files.writeString(record, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record an outbound connection", e);
        }
    }
}

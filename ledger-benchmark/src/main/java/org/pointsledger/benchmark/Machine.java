package org.pointsledger.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where and on what a run was measured: cores, memory, PostgreSQL's version, the commit of the
 * repository, and the load average, which tells whether anything else was running.
 */
record Machine(int cores, double memoryGigabytes, String postgresVersion, String commit) {

    static Machine describe(PostgresServer server, Path repository) {
        return new Machine(Runtime.getRuntime().availableProcessors(), readMemoryGigabytes(),
                server.version(), commit(repository));
    }

    /** The 1-minute load average now, or -1 where /proc/loadavg is missing. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double readMemoryGigabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The short commit, marked when the working tree has changes; "unknown" without git. */
    private static String commit(Path repository) {
        try {
            Path scratch = Files.createTempFile("benchmark-git", ".txt");
            try {
                String head = Tools.run(List.of("git", "-C", repository.toString(), "rev-parse",
                        "--short", "HEAD"), Map.of(), scratch, Duration.ofSeconds(30)).trim();
                String changes = Tools.run(List.of("git", "-C", repository.toString(), "status",
                        "--porcelain", "--untracked-files=no"), Map.of(), scratch,
                        Duration.ofSeconds(30)).trim();
                return changes.isEmpty() ? head : head + " with uncommitted changes";
            } finally {
                Files.deleteIfExists(scratch);
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}

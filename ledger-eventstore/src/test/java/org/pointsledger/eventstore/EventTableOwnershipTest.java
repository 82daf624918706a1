package org.pointsledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Proves no source outside ledger-eventstore, main or test, names the event table: every
 * {@code .java} and {@code .sql} file of the repository is read, so a storage change is made
 * in this module alone (tests reach the table through {@link EventTable}).
 */
class EventTableOwnershipTest {

    private static final String MODULE = "ledger-eventstore";

    /** Build output and version control hold copies, not sources. */
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", ".git", ".m2");

    @Test
    void eventTable_isNamedInLedgerEventstoreAlone() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve(MODULE)).as("repository root " + root).isDirectory();
        assertThat(root.resolve("pom.xml")).isRegularFile();

        List<Path> sources = sources(root);
        List<Path> naming = sources.stream().filter(EventTableOwnershipTest::namesEventTable)
                .map(root::relativize).toList();

        assertThat(naming).as("this module's own files are found").anyMatch(this::inModule);
        assertThat(naming.stream().filter(path -> !inModule(path)).toList())
                .as("files outside " + MODULE + " naming " + EventTable.TABLE).isEmpty();
    }

    private boolean inModule(Path relative) {
        return relative.getName(0).toString().equals(MODULE);
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> noSkippedDirectory(root.relativize(path)))
                    .filter(path -> path.toString().endsWith(".java")
                            || path.toString().endsWith(".sql"))
                    .toList();
        }
    }

    private static boolean noSkippedDirectory(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return false;
            }
        }
        return true;
    }

    private static boolean namesEventTable(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).toLowerCase()
                    .contains(EventTable.TABLE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}

package org.pointsledger.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Row 3: GET one account, chosen at random among the pool, from wrk's connections; its
 * ceiling is GET one definition with the same key, connections and time: the same filters
 * (key, rate limit, request id) and a body of about the same size, but one small row that
 * never changes. Every answer must be a 200.
 */
final class ReadsWorkload {

    static final String DEFINITION_PATH = "/api/v3/point-accounts/definitions/"
            + ExpectedLedger.DEFINITION_ID;
    private static final String SCRIPT = "reads.lua";

    /** GETs of an account, and of a definition as their ceiling. */
    record Figures(Wrk.Result accounts, Wrk.Result definition) {

        double share() {
            return accounts.answered2xxPerSecond() / definition.answered2xxPerSecond();
        }
    }

    private final String baseUrl;
    private final String apiKey;
    private final Path directory;

    ReadsWorkload(String baseUrl, String apiKey, Path directory) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.directory = directory;
    }

    /** GETs of the accounts with these ids. */
    Wrk.Result accounts(String name, List<String> accountIds, int threads, int connections,
                        Duration duration) {
        return run(name, accountIds.stream().map(id -> "/api/v3/point-accounts/" + id).toList(),
                threads, connections, duration);
    }

    /** GETs of definition 1, the ceiling of {@link #accounts}. */
    Wrk.Result definition(String name, int threads, int connections, Duration duration) {
        return run(name, List.of(DEFINITION_PATH), threads, connections, duration);
    }

    private Wrk.Result run(String name, List<String> paths, int threads, int connections,
                           Duration duration) {
        Path pathsFile = directory.resolve(name + "-paths.txt");
        try {
            Files.writeString(pathsFile, String.join("\n", paths) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Wrk.Result result = Wrk.run(baseUrl, Tools.resource(SCRIPT, directory), threads,
                connections, duration, directory.resolve(name + "-wrk.log"),
                List.of(pathsFile.toString(), apiKey));
        CheckFailed.unless(result.answeredOther() == 0 && result.errors() == 0, name + ": "
                + result.answeredOther() + " answers were not 2xx and " + result.errors()
                + " requests failed; see " + directory.resolve(name + "-wrk.log"));
        CheckFailed.unless(result.answered2xx() > 0, name + ": no answer at all");
        return result;
    }
}

package org.pointsledger.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Load from {@code wrk} (the Debian package): a fixed number of connections kept busy for a
 * fixed time, each sending its next request as soon as the previous one is answered. Its Lua
 * scripts (resources of this package) print one {@code BENCHMARK-RESULT} line of JSON, read
 * here; wrk's own report, with {@code --latency}, stays in the log beside it.
 */
final class Wrk {

    static final String RESULT_PREFIX = "BENCHMARK-RESULT ";
    /** Long enough that a slow answer is measured rather than dropped as a timeout. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /**
     * One wrk run as its script counted it: requests answered, and of those 2xx and not; the
     * latencies of all answers, in milliseconds; connection errors (connect, read, write,
     * timeout) added up.
     */
    record Result(long requests, double seconds, long answered2xx, long answeredOther,
                  double p50Millis, double p99Millis, double maxMillis, long errors) {

        double answered2xxPerSecond() {
            return answered2xx / seconds;
        }
    }

    private Wrk() {
    }

    static boolean installed() {
        return Tools.installed("wrk", "--version");
    }

    static Result run(String baseUrl, Path script, int threads, int connections,
                      Duration duration, Path log, List<String> scriptArguments) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads,
                "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--timeout", REQUEST_TIMEOUT.toSeconds() + "s", "--latency",
                "-s", script.toString(), baseUrl, "--"));
        command.addAll(scriptArguments);
        String output = Tools.run(command, Map.of(), log, duration.plus(REQUEST_TIMEOUT)
                .plusMinutes(1));
        String line = output.lines().filter(text -> text.startsWith(RESULT_PREFIX)).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result; see " + log));
        JsonNode json;
        try {
            json = LedgerClient.JSON.readTree(line.substring(RESULT_PREFIX.length()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("wrk's result is not JSON: " + line, e);
        }
        return new Result(json.path("requests").asLong(),
                json.path("durationMicros").asLong() / 1e6, json.path("answered2xx").asLong(),
                json.path("answeredOther").asLong(), json.path("latencyP50Micros").asLong() / 1e3,
                json.path("latencyP99Micros").asLong() / 1e3,
                json.path("latencyMaxMicros").asLong() / 1e3,
                json.path("errorsConnect").asLong() + json.path("errorsRead").asLong()
                        + json.path("errorsWrite").asLong() + json.path("errorsTimeout").asLong());
    }
}

package org.pointsledger.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The most heap the service ever used, from its collector's log ({@code -Xlog:gc}): each
 * collection logs the heap in use before and after it ({@code 120M->30M(512M)}), and the heap
 * peaks just before a collection, so the largest "before" is the peak up to the last one.
 * Sampling would miss peaks between samples; this misses none. What was used after the last
 * collection is read from the service's metrics at the end and counted too.
 */
final class HeapLog {

    private static final Pattern COLLECTION = Pattern.compile(
            "(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private HeapLog() {
    }

    /** The largest heap in use before any collection in the log, in bytes. */
    static long maxUsedBeforeCollectionBytes(Path gcLog) {
        long max = 0;
        try {
            for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
                Matcher matcher = COLLECTION.matcher(line);
                if (matcher.find()) {
                    max = Math.max(max, bytes(matcher.group(1), matcher.group(2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return max;
    }

    /** The heap in use now, from the actuator (the bootstrap key has the admin scope). */
    static long usedNowBytes(LedgerClient client) {
        LedgerClient.Answer answer = client.get("/actuator/metrics/jvm.memory.used?tag=area:heap");
        CheckFailed.unless(answer.status() == 200, "the heap metric answered " + answer.status());
        return (long) answer.json().path("measurements").get(0).path("value").asDouble();
    }

    private static long bytes(String number, String unit) {
        long value = Long.parseLong(number);
        return switch (unit) {
            case "K" -> value << 10;
            case "M" -> value << 20;
            default -> value << 30;
        };
    }
}

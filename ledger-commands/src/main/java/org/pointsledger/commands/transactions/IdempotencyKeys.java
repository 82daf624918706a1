package org.pointsledger.commands.transactions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.pointsledger.domain.errors.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The {@code Idempotency-Key} protocol of bulk requests: a key and its request are kept for a
 * day; a repeat of the request gets the first answer, another request under the key is a
 * conflict, and a first use that was never answered (a crash, or still running) is applied
 * again with the same seed of item ids, so nothing is applied twice.
 */
@Component
public class IdempotencyKeys {

    public static final Duration IDEMPOTENCY_KEY_RETENTION = Duration.ofHours(24);
    public static final int IDEMPOTENCY_KEY_LENGTH_MAX = 255;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKeys.class);

    private final BulkRequests requests;
    private final ObjectMapper json;
    private final Clock clock;

    IdempotencyKeys(BulkRequests requests, ObjectMapper json, Clock clock) {
        this.requests = requests;
        this.json = json;
        this.clock = clock;
    }

    /** A key is 1 to {@value #IDEMPOTENCY_KEY_LENGTH_MAX} printable ASCII characters. */
    public static boolean isWellFormed(String idempotencyKey) {
        return IDEMPOTENCY_KEY.matcher(idempotencyKey).matches();
    }

    /**
     * Applies the request sent under the key at most once and answers what its first use
     * answered: the answer of {@code applyWithSeed} (given the seed of the items' ids), or,
     * for a repeat, the kept answer as JSON.
     */
    public Object apply(String idempotencyKey, JsonNode body,
                        Function<String, Object> applyWithSeed) throws JsonProcessingException {
        Instant now = clock.instant();
        String fingerprint = Fingerprint.sha256(body.toString());
        requests.forgetIfOlderThan(idempotencyKey, now.minus(IDEMPOTENCY_KEY_RETENTION));
        Optional<BulkRequests.Stored> stored = requests.find(idempotencyKey);
        if (stored.isEmpty()) {
            String itemIdSeed = UUID.randomUUID().toString();
            if (requests.begin(idempotencyKey, fingerprint, itemIdSeed, now)) {
                return applyAndKeep(idempotencyKey, itemIdSeed, applyWithSeed);
            }
            stored = requests.find(idempotencyKey);
        }
        BulkRequests.Stored first = stored.orElseThrow(() -> new Conflict(
                "Idempotency-Key " + idempotencyKey + " is being used; send the request again"));
        if (!first.requestFingerprint().equals(fingerprint)) {
            throw new Conflict("Idempotency-Key " + idempotencyKey
                    + " was used for a different request");
        }
        if (first.responseBody() != null) {
            return json.readTree(first.responseBody());
        }
        // The first use was not answered (a crash, or it is still running): the same seed
        // gives the same item ids, so applying again cannot apply anything twice.
        return applyAndKeep(idempotencyKey, first.itemIdSeed(), applyWithSeed);
    }

    private Object applyAndKeep(String idempotencyKey, String itemIdSeed,
                                Function<String, Object> applyWithSeed)
            throws JsonProcessingException {
        Object answer = applyWithSeed.apply(itemIdSeed);
        requests.answer(idempotencyKey, json.writeValueAsString(answer));
        return answer;
    }

    /** Keeps the table of kept answers to about a day's worth, off the request path. */
    @Scheduled(fixedDelayString = "${ledger.idempotency.cleanup-interval:1h}")
    public void forgetExpiredKeys() {
        int forgotten = requests.forgetOlderThan(clock.instant().minus(IDEMPOTENCY_KEY_RETENTION));
        LOG.debug("Forgot {} idempotency keys older than a day", forgotten);
    }
}

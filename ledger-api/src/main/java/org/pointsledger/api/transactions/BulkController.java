package org.pointsledger.api.transactions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.pointsledger.api.problems.BadRequestException;
import org.pointsledger.api.problems.ConflictException;
import org.pointsledger.api.problems.InvalidRequestException;
import org.pointsledger.domain.account.BulkAdd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * POST /point-accounts/transactions: up to 1000 transactions for any accounts at once,
 * idempotent under an {@code Idempotency-Key} for a day.
 */
@RestController
class BulkController {

    static final Duration IDEMPOTENCY_KEY_RETENTION = Duration.ofHours(24);
    static final int IDEMPOTENCY_KEY_LENGTH_MAX = 255;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Logger LOG = LoggerFactory.getLogger(BulkController.class);

    private final BulkWriter writer;
    private final BulkRequests requests;
    private final ObjectMapper json;
    private final Clock clock;

    BulkController(BulkWriter writer, BulkRequests requests, ObjectMapper json, Clock clock) {
        this.writer = writer;
        this.requests = requests;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/api/v3/point-accounts/transactions")
    ResponseEntity<Object> add(@RequestBody JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey)
            throws JsonProcessingException {
        if (body == null || !body.isArray()) {
            throw new InvalidRequestException("body", "must be a JSON array of transactions");
        }
        if (body.isEmpty()) {
            throw new InvalidRequestException("body", "must hold at least one transaction");
        }
        if (body.size() > BulkAdd.BULK_ITEMS_MAX) {
            throw new BadRequestException("Too many items");
        }
        if (idempotencyKey == null) {
            return accepted(writer.apply(items(body), null));
        }
        if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new InvalidRequestException("Idempotency-Key", "must be 1 to "
                    + IDEMPOTENCY_KEY_LENGTH_MAX + " printable ASCII characters");
        }
        Instant now = clock.instant();
        String fingerprint = Fingerprint.sha256(body.toString());
        requests.forgetIfOlderThan(idempotencyKey, now.minus(IDEMPOTENCY_KEY_RETENTION));
        Optional<BulkRequests.Stored> stored = requests.find(idempotencyKey);
        if (stored.isEmpty()) {
            String itemIdSeed = UUID.randomUUID().toString();
            if (requests.begin(idempotencyKey, fingerprint, itemIdSeed, now)) {
                return accepted(applyAndAnswer(body, idempotencyKey, itemIdSeed));
            }
            stored = requests.find(idempotencyKey);
        }
        BulkRequests.Stored first = stored.orElseThrow(() -> new ConflictException(
                "Idempotency-Key " + idempotencyKey + " is being used; send the request again"));
        if (!first.requestFingerprint().equals(fingerprint)) {
            throw new ConflictException("Idempotency-Key " + idempotencyKey
                    + " was used for a different request");
        }
        if (first.responseBody() != null) {
            return accepted(json.readTree(first.responseBody()));
        }
        // The first use was not answered (a crash, or it is still running): the same seed
        // gives the same item ids, so applying again cannot apply anything twice.
        return accepted(applyAndAnswer(body, idempotencyKey, first.itemIdSeed()));
    }

    private BulkResponse applyAndAnswer(JsonNode body, String idempotencyKey, String itemIdSeed)
            throws JsonProcessingException {
        BulkResponse response = writer.apply(items(body), itemIdSeed);
        requests.answer(idempotencyKey, json.writeValueAsString(response));
        return response;
    }

    /** Keeps the table of kept answers to about a day's worth, off the request path. */
    @Scheduled(fixedDelayString = "${ledger.idempotency.cleanup-interval:1h}")
    void forgetExpiredKeys() {
        int forgotten = requests.forgetOlderThan(clock.instant().minus(IDEMPOTENCY_KEY_RETENTION));
        LOG.debug("Forgot {} idempotency keys older than a day", forgotten);
    }

    private static List<JsonNode> items(JsonNode body) {
        List<JsonNode> items = new ArrayList<>(body.size());
        body.forEach(items::add);
        return items;
    }

    private static ResponseEntity<Object> accepted(Object body) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }
}

package org.pointsledger.api.transactions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.pointsledger.api.problems.BadRequestException;
import org.pointsledger.api.problems.InvalidRequestException;
import org.pointsledger.commands.transactions.IdempotencyKeys;
import org.pointsledger.domain.account.BulkAdd;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

    private final BulkItems bulkItems;
    private final IdempotencyKeys idempotencyKeys;

    BulkController(BulkItems bulkItems, IdempotencyKeys idempotencyKeys) {
        this.bulkItems = bulkItems;
        this.idempotencyKeys = idempotencyKeys;
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
            return accepted(bulkItems.apply(items(body), null));
        }
        if (!IdempotencyKeys.isWellFormed(idempotencyKey)) {
            throw new InvalidRequestException("Idempotency-Key", "must be 1 to "
                    + IdempotencyKeys.IDEMPOTENCY_KEY_LENGTH_MAX + " printable ASCII characters");
        }
        return accepted(idempotencyKeys.apply(idempotencyKey, body,
                itemIdSeed -> bulkItems.apply(items(body), itemIdSeed)));
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

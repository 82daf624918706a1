package org.pointsledger.api.transactions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.pointsledger.api.accounts.ContactIds;
import org.pointsledger.api.problems.FieldProblem;
import org.pointsledger.api.problems.RequestValidation;
import org.pointsledger.api.web.Parameters;
import org.pointsledger.api.web.WireTimes;
import org.pointsledger.commands.LedgerCommands;
import org.pointsledger.commands.definitions.Definition;
import org.pointsledger.commands.definitions.Definitions;
import org.pointsledger.commands.transactionids.TransactionIdClaims;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.BulkAdd;
import org.pointsledger.domain.account.BulkAddResult;
import org.pointsledger.domain.account.Points;
import org.pointsledger.domain.account.TransactionDetails;
import org.pointsledger.domain.account.TransactionIds;
import org.pointsledger.domain.account.TransactionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Applies a bulk request: checks each item on its own, groups the good ones by account and
 * sends one {@link BulkAdd} per account. A bad item is refused alone; the others still apply.
 * The answer is given once every accepted item is durable.
 */
@Service
class BulkWriter {

    /** Times a group is re-sent after losing a race for one of its transaction ids. */
    static final int GROUP_ATTEMPTS_MAX = 3;
    static final String ADJUSTMENT_SOURCE = "Adjustment";
    private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);

    private final LedgerCommands ledger;
    private final Definitions definitions;
    private final TransactionIdClaims claims;
    private final ObjectMapper json;
    private final Clock clock;

    BulkWriter(LedgerCommands ledger, Definitions definitions, TransactionIdClaims claims,
               ObjectMapper json, Clock clock) {
        this.ledger = ledger;
        this.definitions = definitions;
        this.claims = claims;
        this.json = json;
        this.clock = clock;
    }

    /** One item of the request and what became of it. */
    private static final class Item {
        final int index;
        final JsonNode sent;
        final List<String> errors = new ArrayList<>();
        BulkItemRequest request;
        Definition definition;
        AccountId accountId;
        TransactionDetails details;

        Item(int index, JsonNode sent) {
            this.index = index;
            this.sent = sent;
        }

        boolean pending() {
            return errors.isEmpty() && details != null;
        }
    }

    BulkResponse apply(List<JsonNode> sent, String itemIdSeed) {
        Instant now = clock.instant();
        Map<Integer, Optional<Definition>> definitionsById = new HashMap<>();
        TreeSet<Integer> missingDefinitionIds = new TreeSet<>();
        List<Item> items = new ArrayList<>();
        Map<String, Item> byTransactionId = new HashMap<>();
        for (int index = 0; index < sent.size(); index++) {
            Item item = new Item(index, sent.get(index));
            items.add(item);
            prepare(item, itemIdSeed, now, definitionsById, missingDefinitionIds);
            if (item.pending() && byTransactionId.putIfAbsent(item.details.transactionId(),
                    item) != null) {
                item.errors.add("transactionId " + item.details.transactionId()
                        + " appears more than once in this request");
            }
        }
        Map<AccountId, List<Item>> groups = new LinkedHashMap<>();
        for (Item item : items) {
            if (item.pending()) {
                groups.computeIfAbsent(item.accountId, id -> new ArrayList<>()).add(item);
            }
        }
        applyGroups(groups.values());
        return answer(items, missingDefinitionIds);
    }

    /**
     * Each account's items commit on their own. When one account fails after others were
     * committed, the request is still answered, with that account's items refused as not
     * applied, so the client resends exactly those. Only when no account could be written at
     * all does the request fail as a whole (nothing was acknowledged).
     */
    private void applyGroups(Collection<List<Item>> groups) {
        RuntimeException firstFailure = null;
        boolean anyApplied = false;
        for (List<Item> group : groups) {
            try {
                applyGroup(group);
                anyApplied = true;
            } catch (RuntimeException failure) {
                LOG.warn("Bulk items of account {} not applied", group.get(0).accountId, failure);
                firstFailure = firstFailure == null ? failure : firstFailure;
                group.stream().filter(Item::pending).forEach(item -> item.errors.add(
                        "not applied: the ledger could not record it now; send it again"));
            }
        }
        if (!anyApplied && firstFailure != null) {
            throw firstFailure;
        }
    }

    private void prepare(Item item, String itemIdSeed, Instant now,
                         Map<Integer, Optional<Definition>> definitionsById,
                         TreeSet<Integer> missingDefinitionIds) {
        if (!item.sent.isObject()) {
            item.errors.add("must be a JSON object");
            return;
        }
        try {
            item.request = json.treeToValue(item.sent, BulkItemRequest.class);
        } catch (JsonMappingException e) {
            String field = Parameters.fieldOf(e);
            item.errors.add((field.isEmpty() ? "item" : field) + " has the wrong type or format");
            return;
        } catch (JsonProcessingException e) {
            item.errors.add("is not a valid transaction");
            return;
        }
        BulkItemRequest request = item.request;
        RequestValidation validation = new RequestValidation();
        ContactIds.check(request.contactId(), "contactId", validation);
        validation.require(request.definitionId() != null, "definitionId", "is required");
        TransactionRules.checkAmount(request.amount(), validation);
        TransactionRules.checkTexts(request.source(), request.description(),
                request.retailTransactionLineItemId(), true, validation);
        TransactionRules.checkTransactionId(request.transactionId(), false, validation);
        Instant timeStamp = WireTimes.instant(request.timeStamp(), "timeStamp", validation);
        Instant validFrom = WireTimes.instant(request.validFrom(), "validFrom", validation);
        Instant validTo = WireTimes.instant(request.validTo(), "validTo", validation);
        validFrom = validFrom != null ? validFrom : now;
        TransactionRules.checkValidity(validFrom, validTo, validation);
        if (request.definitionId() != null) {
            item.definition = definitionsById.computeIfAbsent(request.definitionId(),
                    definitions::byId).orElse(null);
            if (item.definition == null) {
                missingDefinitionIds.add(request.definitionId());
                validation.require(false, "definitionId",
                        "names no point definition: " + request.definitionId());
            }
        }
        if (!validation.isValid()) {
            validation.problems().forEach(problem -> item.errors.add(text(problem)));
            return;
        }
        BigDecimal amount = Points.canonical(request.amount());
        TransactionType type = ADJUSTMENT_SOURCE.equals(request.source())
                ? TransactionType.Adjustment
                : amount.signum() > 0 ? TransactionType.Addition : TransactionType.Deduction;
        String transactionId = request.transactionId() != null ? request.transactionId()
                : itemIdSeed != null ? TransactionIds.bulkItem(itemIdSeed, item.index)
                : UUID.randomUUID().toString();
        item.accountId = AccountId.of(request.contactId(), request.definitionId());
        item.details = new TransactionDetails(transactionId, type, amount, request.source(),
                request.description(), timeStamp != null ? timeStamp : now, validFrom,
                TransactionRules.validTo(validTo, validFrom, amount, item.definition),
                request.retailTransactionLineItemId(), fingerprint(request, transactionId));
    }

    /**
     * Sends one account's items. Items whose id is already used are settled first: a repeat
     * counts as accepted with no second effect, another transaction under the id is refused.
     * Losing a race for an id rolls the whole group back; it is then settled and sent again.
     */
    private void applyGroup(List<Item> group) {
        for (int attempt = 1; attempt <= GROUP_ATTEMPTS_MAX; attempt++) {
            List<Item> fresh = settleUsedIds(group);
            if (fresh.isEmpty()) {
                return;
            }
            Item first = fresh.get(0);
            BulkAdd command = new BulkAdd(first.accountId, first.request.contactId(),
                    first.request.definitionId(), fresh.stream().map(item -> item.details).toList(),
                    first.definition.allowNegativeBalance());
            try {
                BulkAddResult result = ledger.send(command);
                List<Item> refusedItems = new ArrayList<>();
                for (BulkAddResult.RefusedItem refused : result.refused()) {
                    Item item = fresh.get(refused.position());
                    item.errors.add(refused.reason());
                    refusedItems.add(item);
                }
                settleRefusedRepeats(refusedItems);
                return;
            } catch (RuntimeException failure) {
                if (!DuplicateKeys.causedBy(failure) || attempt == GROUP_ATTEMPTS_MAX) {
                    throw failure;
                }
            }
        }
    }

    private List<Item> settleUsedIds(List<Item> group) {
        List<Item> pending = group.stream().filter(Item::pending).toList();
        Map<String, TransactionIdClaims.Claim> used = claims.findAll(
                pending.stream().map(item -> item.details.transactionId()).toList());
        List<Item> fresh = new ArrayList<>();
        for (Item item : pending) {
            TransactionIdClaims.Claim claim = used.get(item.details.transactionId());
            if (claim == null) {
                fresh.add(item);
            } else if (!claim.accountId().equals(item.accountId.toString())
                    || !item.details.requestFingerprint().equals(claim.requestFingerprint())) {
                item.errors.add("transactionId " + item.details.transactionId()
                        + " is already used by a different transaction");
            } else {
                item.details = null;
            }
        }
        return fresh;
    }

    /**
     * An item the account refused may have lost a race to a concurrent request that used its
     * transaction id first (and spent the points it needed): then it is a repeat, accepted
     * with no second effect, or another transaction under a used id, refused as such.
     */
    private void settleRefusedRepeats(List<Item> refused) {
        if (refused.isEmpty()) {
            return;
        }
        Map<String, TransactionIdClaims.Claim> used = claims.findAll(
                refused.stream().map(item -> item.details.transactionId()).toList());
        for (Item item : refused) {
            TransactionIdClaims.Claim claim = used.get(item.details.transactionId());
            if (claim == null) {
                continue;
            }
            item.errors.clear();
            if (!claim.accountId().equals(item.accountId.toString())
                    || !item.details.requestFingerprint().equals(claim.requestFingerprint())) {
                item.errors.add("transactionId " + item.details.transactionId()
                        + " is already used by a different transaction");
            } else {
                item.details = null;
            }
        }
    }

    private BulkResponse answer(List<Item> items, TreeSet<Integer> missingDefinitionIds) {
        int accepted = 0;
        List<JsonNode> notAccepted = new ArrayList<>();
        List<String> errorMessages = new ArrayList<>();
        for (Item item : items) {
            if (item.errors.isEmpty()) {
                accepted++;
                continue;
            }
            ObjectNode refused = item.sent.isObject() ? ((ObjectNode) item.sent).deepCopy()
                    : json.createObjectNode().set("item", item.sent);
            refused.put("index", item.index);
            refused.set("errorMessages", json.valueToTree(item.errors));
            notAccepted.add(refused);
            item.errors.forEach(error -> errorMessages.add("item " + item.index + ": " + error));
        }
        return new BulkResponse(accepted, notAccepted, errorMessages,
                List.copyOf(missingDefinitionIds), List.of());
    }

    private static String fingerprint(BulkItemRequest request, String transactionId) {
        return Fingerprint.of("bulk", request.contactId(), request.definitionId(),
                Points.canonical(request.amount()).toPlainString(), request.timeStamp(),
                request.source(), request.description(), request.validFrom(),
                request.validTo(), transactionId,
                request.retailTransactionLineItemId());
    }

    private static String text(FieldProblem problem) {
        return problem.field() + " " + problem.message();
    }
}

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.pointsledger.api.accounts.ContactIds;
import org.pointsledger.api.problems.FieldProblem;
import org.pointsledger.api.problems.JsonFields;
import org.pointsledger.api.problems.RequestValidation;
import org.pointsledger.api.web.WireTimes;
import org.pointsledger.commands.definitions.Definition;
import org.pointsledger.commands.definitions.Definitions;
import org.pointsledger.commands.transactions.BulkItem;
import org.pointsledger.commands.transactions.BulkWriter;
import org.pointsledger.commands.transactions.Fingerprint;
import org.pointsledger.domain.account.Points;
import org.pointsledger.domain.account.TransactionDetails;
import org.pointsledger.domain.account.TransactionIds;
import org.pointsledger.domain.account.TransactionType;
import org.springframework.stereotype.Component;

/**
 * The items of a bulk request as the API takes them: each JSON item is checked on its own and
 * becomes a {@link BulkItem} for the {@link BulkWriter}; the answer shows each refused item as
 * it was sent, with its {@code index} and {@code errorMessages}.
 */
@Component
class BulkItems {

    static final String ADJUSTMENT_SOURCE = "Adjustment";

    private final BulkWriter writer;
    private final Definitions definitions;
    private final ObjectMapper json;
    private final Clock clock;

    BulkItems(BulkWriter writer, Definitions definitions, ObjectMapper json, Clock clock) {
        this.writer = writer;
        this.definitions = definitions;
        this.json = json;
        this.clock = clock;
    }

    /** Checks and applies the items; answered once every accepted item is durable. */
    BulkResponse apply(List<JsonNode> sent, String itemIdSeed) {
        Instant now = clock.instant();
        Map<Integer, Optional<Definition>> definitionsById = new HashMap<>();
        TreeSet<Integer> missingDefinitionIds = new TreeSet<>();
        List<BulkItem> items = new ArrayList<>();
        for (int index = 0; index < sent.size(); index++) {
            items.add(prepare(index, sent.get(index), itemIdSeed, now, definitionsById,
                    missingDefinitionIds));
        }
        writer.apply(items);
        return answer(sent, items, missingDefinitionIds);
    }

    private BulkItem prepare(int index, JsonNode sent, String itemIdSeed, Instant now,
                             Map<Integer, Optional<Definition>> definitionsById,
                             TreeSet<Integer> missingDefinitionIds) {
        if (!sent.isObject()) {
            return BulkItem.refused(List.of("must be a JSON object"));
        }
        BulkItemRequest request;
        try {
            request = json.treeToValue(sent, BulkItemRequest.class);
        } catch (JsonMappingException e) {
            String field = JsonFields.fieldOf(e);
            return BulkItem.refused(List.of(
                    (field.isEmpty() ? "item" : field) + " has the wrong type or format"));
        } catch (JsonProcessingException e) {
            return BulkItem.refused(List.of("is not a valid transaction"));
        }
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
        Definition definition = null;
        if (request.definitionId() != null) {
            definition = definitionsById.computeIfAbsent(request.definitionId(),
                    definitions::byId).orElse(null);
            if (definition == null) {
                missingDefinitionIds.add(request.definitionId());
                validation.require(false, "definitionId",
                        "names no point definition: " + request.definitionId());
            }
        }
        if (!validation.isValid()) {
            return BulkItem.refused(validation.problems().stream().map(BulkItems::text)
                    .toList());
        }
        BigDecimal amount = Points.canonical(request.amount());
        TransactionType type = ADJUSTMENT_SOURCE.equals(request.source())
                ? TransactionType.Adjustment
                : amount.signum() > 0 ? TransactionType.Addition : TransactionType.Deduction;
        String transactionId = request.transactionId() != null ? request.transactionId()
                : itemIdSeed != null ? TransactionIds.bulkItem(itemIdSeed, index)
                : UUID.randomUUID().toString();
        TransactionDetails details = new TransactionDetails(transactionId, type, amount,
                request.source(), request.description(), timeStamp != null ? timeStamp : now,
                validFrom, definition.validTo(validTo, validFrom, amount),
                request.retailTransactionLineItemId(), fingerprint(request, transactionId));
        return BulkItem.of(request.contactId(), request.definitionId(),
                definition.allowNegativeBalance(), details);
    }

    private BulkResponse answer(List<JsonNode> sent, List<BulkItem> items,
                                TreeSet<Integer> missingDefinitionIds) {
        int accepted = 0;
        List<JsonNode> notAccepted = new ArrayList<>();
        List<String> errorMessages = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            List<String> errors = items.get(index).errors();
            if (errors.isEmpty()) {
                accepted++;
                continue;
            }
            JsonNode item = sent.get(index);
            ObjectNode refused = item.isObject() ? ((ObjectNode) item).deepCopy()
                    : json.createObjectNode().set("item", item);
            refused.put("index", index);
            refused.set("errorMessages", json.valueToTree(errors));
            notAccepted.add(refused);
            for (String error : errors) {
                errorMessages.add("item " + index + ": " + error);
            }
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

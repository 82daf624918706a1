package org.pointsledger.api.transactions;

import static org.pointsledger.api.support.Problems.assertFieldProblem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerWebSliceTest;

/**
 * Proves POST /point-transactions refuses a missing or malformed field, and the transaction
 * lists an invalid filter, sort or page, before they read or write anything (see
 * LedgerWebSliceTest). What is stored and listed is SingleTransactionApiTest's and
 * TimeRulesApiTest's.
 */
class TransactionsSliceTest extends LedgerWebSliceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRANSACTIONS = "/api/v3/point-transactions";
    private static final String ALIAS = "/api/v3/point-accounts/transactions";
    private static final String SEED_SHIRT = "@@(Bonus.Points) - Slim Fit T-shirt";
    /** An account id: no request here gets far enough to look it up. */
    private static final String ACCOUNT_ID = UUID.randomUUID().toString();

    @Test
    void add_fails400NamingAmount_whenTheSeedExampleIsSentWithAmountZero() {
        String seedBody = """
                {
                  "accountId": "00000000-0000-0000-0000-000000000000",
                  "transactionId": "00000000-0000-0000-0000-000000000000",
                  "transactionType": "Addition",
                  "amount": 0,
                  "description": "string",
                  "source": "Automation",
                  "transactionDate": "2024-11-13T08:16:27.949Z",
                  "validFrom": "2024-11-13T08:16:27.949Z",
                  "validTo": "2024-11-13T08:16:27.949Z"
                }
                """;

        assertFieldProblem(post(seedBody), "amount");
        String onOwnAccount = seedBody
                .replace("\"accountId\": \"00000000-0000-0000-0000-000000000000\"",
                        "\"accountId\": \"" + ACCOUNT_ID + "\"")
                .replace("\"transactionId\": \"00000000-0000-0000-0000-000000000000\"",
                        "\"transactionId\": \"" + newTransactionId() + "\"");
        assertFieldProblem(post(onOwnAccount), "amount");
    }

    @Test
    void add_fails400NamingTheFieldAndChangesNothing_whenAFieldIsMissingOrMalformed() {
        ObjectNode valid = addition(ACCOUNT_ID, newTransactionId(), "10", SEED_SHIRT,
                "Purchase");

        ObjectNode noTransactionId = valid.deepCopy();
        noTransactionId.remove("transactionId");
        assertFieldProblem(post(noTransactionId), "transactionId");
        assertFieldProblem(post(valid.deepCopy().put("amount", "abc")), "amount");
        ObjectNode noAmount = valid.deepCopy();
        noAmount.remove("amount");
        assertFieldProblem(post(noAmount), "amount");
        assertFieldProblem(post(valid.deepCopy().put("amount", new BigDecimal("1.23456"))),
                "amount");
        assertFieldProblem(post(valid.deepCopy().put("amount", new BigDecimal("1e12"))),
                "amount");
        assertFieldProblem(post(valid.deepCopy().put("amount",
                new BigDecimal("1000000000000.0000"))), "amount");
        assertFieldProblem(post(valid.deepCopy().put("transactionType", "Deduction")
                .put("amount", new BigDecimal("-1000000000000"))), "amount");
        assertFieldProblem(post(valid.deepCopy().put("amount", 0)), "amount");
        assertFieldProblem(post(valid.deepCopy().put("amount", new BigDecimal("0.0000"))),
                "amount");
        assertFieldProblem(post(valid.deepCopy().put("amount", -10)), "amount");
        assertFieldProblem(post(valid.deepCopy().put("transactionType", "Gift")),
                "transactionType");
        assertFieldProblem(post(valid.deepCopy().put("validFrom", "yesterday")), "validFrom");
        assertFieldProblem(post(valid.deepCopy().put("transactionDate", "2024-11-13T08:16:27")),
                "transactionDate");
    }

    @Test
    void add_fails400NamingValidTo_whenValidToIsNotAfterValidFrom() {
        Instant validFrom = clock.instant().minus(Duration.ofDays(1));
        ObjectNode body = addition(ACCOUNT_ID, newTransactionId(), "10", SEED_SHIRT, "Purchase")
                .put("validFrom", validFrom.toString());

        assertFieldProblem(post(body.deepCopy().put("validTo", validFrom.toString())), "validTo");
        assertFieldProblem(post(body.deepCopy().put("validTo",
                validFrom.minusSeconds(1).toString())), "validTo");
        ObjectNode defaultedValidFrom = addition(ACCOUNT_ID, newTransactionId(), "10",
                SEED_SHIRT, "Purchase").put("validTo", clock.instant().minusSeconds(1)
                .toString());
        assertFieldProblem(post(defaultedValidFrom), "validTo");
    }

    @Test
    void list_fails400NamingTheParameter_whenFilterSortOrPagingIsInvalid() {
        assertFieldProblem(api().get(TRANSACTIONS + "?id=" + ACCOUNT_ID + "&filter=Expired"),
                "filter");
        assertFieldProblem(api().get(TRANSACTIONS + "?id=" + ACCOUNT_ID + "&sortBy=Amount"),
                "sortBy");
        assertFieldProblem(api().get(TRANSACTIONS + "?id=" + ACCOUNT_ID + "&sortOrder=up"),
                "sortOrder");
        assertFieldProblem(api().get(TRANSACTIONS + "?id=" + ACCOUNT_ID + "&count=0"), "count");
        assertFieldProblem(api().get(TRANSACTIONS + "?id=" + ACCOUNT_ID + "&count=1001"),
                "count");
        assertFieldProblem(api().get(ALIAS + "?accountId=" + ACCOUNT_ID + "&filter=none"),
                "filter");
        assertFieldProblem(api().get(TRANSACTIONS), "id");
        assertFieldProblem(api().get(ALIAS), "accountId");
        assertFieldProblem(api().get(ALIAS + "?contactId=someone"), "definitionId");
    }

    private static String newTransactionId() {
        return UUID.randomUUID().toString();
    }

    private static ObjectNode addition(String accountId, String transactionId, String amount,
                                       String description, String source) {
        return JSON.createObjectNode().put("accountId", accountId)
                .put("transactionId", transactionId).put("transactionType", "Addition")
                .put("amount", new BigDecimal(amount)).put("description", description)
                .put("source", source);
    }

    private Api.Response post(ObjectNode body) {
        return post(body.toString());
    }

    private Api.Response post(String body) {
        return api().post(TRANSACTIONS, body);
    }
}

package org.pointsledger.api.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.commands.expiry.ExpirySweeper;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves the point-definition endpoints and the two rules a definition sets for its accounts.
 * Invalid definitions and ids are DefinitionsSliceTest's.
 */
class DefinitionsApiTest extends LedgerIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFINITIONS = "/api/v3/point-accounts/definitions";

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private ExpirySweeper expirySweeper;

    @Test
    void read_answersBonusPoints_forDefinitionOne() {
        Api.Response response = api().get(DEFINITIONS + "/1");

        assertThat(response.status()).isEqualTo(200);
        JsonNode definition = response.json();
        assertThat(definition.path("id").asInt()).isEqualTo(1);
        assertThat(definition.path("name").asText()).isEqualTo("Bonus points");
        assertThat(definition.path("allowNegativeBalance").asBoolean()).isFalse();
        assertThat(definition.has("defaultValidityMonths")).isTrue();
        assertThat(definition.path("links").isArray()).isTrue();
    }

    @Test
    void list_answersEveryDefinition_includingBonusPointsAndNewOnes() {
        int id = unusedDefinitionId();
        put(id, definition("Listed points " + id));

        Api.Response response = api().get(DEFINITIONS);

        assertThat(response.status()).isEqualTo(200);
        JsonNode page = response.json();
        assertThat(page.path("links").isArray()).isTrue();
        assertThat(page.path("offset").asInt()).isZero();
        assertThat(page.path("count").asInt()).isEqualTo(page.path("items").size());
        assertThat(page.path("totalCount").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(byId(page, 1).path("name").asText()).isEqualTo("Bonus points");
        assertThat(byId(page, id).path("name").asText()).isEqualTo("Listed points " + id);
    }

    @Test
    void read_fails404WithProblem_whenTheDefinitionIsUnknown() {
        assertProblem(api().get(DEFINITIONS + "/" + unusedDefinitionId()), 404, "not-found");
        assertProblem(api().get(DEFINITIONS + "/0"), 404, "not-found");
    }

    @Test
    void put_creates201ThenUpdates200_whenTheSameIdIsPutTwice() {
        int id = unusedDefinitionId();
        ObjectNode first = definition("Club points").put("description", "For club members")
                .put("defaultValidityMonths", 12);

        Api.Response created = put(id, first);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("id").asInt()).isEqualTo(id);
        assertThat(created.json().path("name").asText()).isEqualTo("Club points");
        assertThat(created.json().path("defaultValidityMonths").asInt()).isEqualTo(12);
        assertThat(api().get(DEFINITIONS + "/" + id).json().path("description").asText())
                .isEqualTo("For club members");

        ObjectNode second = definition("Club points v2").put("allowNegativeBalance", true);
        second.putNull("defaultValidityMonths");
        Api.Response updated = put(id, second);

        assertThat(updated.status()).isEqualTo(200);
        JsonNode read = api().get(DEFINITIONS + "/" + id).json();
        assertThat(read.path("name").asText()).isEqualTo("Club points v2");
        assertThat(read.path("allowNegativeBalance").asBoolean()).isTrue();
        assertThat(read.path("defaultValidityMonths").isNull()).isTrue();
    }

    @Test
    void deduct_goesBelowZero_whenTheDefinitionAllowsNegativeBalance() {
        int id = unusedDefinitionId();
        assertThat(put(id, definition("Credit points").put("allowNegativeBalance", true))
                .status()).isEqualTo(201);
        String accountId = openAccount(uniqueContactId("negative"), id);
        assertThat(add(accountId, "Addition", "100", null, null).status()).isEqualTo(201);

        Api.Response deduction = add(accountId, "Deduction", "150", null, null);

        assertThat(deduction.status()).as(deduction.text()).isEqualTo(201);
        assertThat(deduction.json().path("amount").decimalValue()).isEqualByComparingTo("-150");
        assertThat(balance(accountId)).isEqualByComparingTo("-50");
        assertThat(add(accountId, "Deduction", "25", null, null).status()).isEqualTo(201);
        assertThat(balance(accountId)).isEqualByComparingTo("-75");
        assertThat(add(accountId, "Addition", "100", null, null).status()).isEqualTo(201);
        assertThat(balance(accountId)).isEqualByComparingTo("25");
    }

    @Test
    void expiry_settlesTheOverdraftFirst_whenALotThatWasPendingWhenAddedExpires() {
        int id = unusedDefinitionId();
        assertThat(put(id, definition("Credit points").put("allowNegativeBalance", true))
                .status()).isEqualTo(201);
        String accountId = openAccount(uniqueContactId("negative-expiry"), id);
        assertThat(add(accountId, "Deduction", "100", null, null).status()).isEqualTo(201);
        Instant validFrom = clock.instant().plus(Duration.ofHours(1));
        Instant validTo = validFrom.plus(Duration.ofHours(1));
        assertThat(add(accountId, "Addition", "100", validFrom, validTo).status()).isEqualTo(201);
        assertThat(balance(accountId)).isEqualByComparingTo("-100");

        clock.set(validFrom);
        BigDecimal whileActive = balance(accountId);
        clock.set(validTo);
        int expired = expirySweeper.sweepDueLots();

        assertThat(whileActive).isEqualByComparingTo("0");
        assertThat(expired).isPositive();
        assertThat(balance(accountId)).isEqualByComparingTo("0");
        assertThat(api().get("/api/v3/point-transactions?id=" + accountId).json()
                .path("totalCount").asInt()).as("no expiry transaction: nothing was left")
                .isEqualTo(2);
    }

    @Test
    void deduct_fails409_whenDefinitionOneForbidsNegativeBalance() {
        String accountId = openAccount(uniqueContactId("no-negative"), 1);
        assertThat(add(accountId, "Addition", "100", null, null).status()).isEqualTo(201);
        long events = eventCount(accountId);

        Api.Response deduction = add(accountId, "Deduction", "150", null, null);

        JsonNode problem = assertProblem(deduction, 409, "insufficient-points");
        assertThat(problem.path("availableBalance").decimalValue()).isEqualByComparingTo("100");
        assertThat(balance(accountId)).isEqualByComparingTo("100");
        assertThat(eventCount(accountId)).isEqualTo(events);
    }

    @Test
    void add_expiresAfterDefaultValidityMonths_whenAnAdditionHasNoValidTo() {
        int id = unusedDefinitionId();
        put(id, definition("Three month points").put("defaultValidityMonths", 3));
        String accountId = openAccount(uniqueContactId("validity"), id);
        Instant now = clock.instant();

        Api.Response addition = add(accountId, "Addition", "40", null, null);

        assertThat(addition.status()).isEqualTo(201);
        Instant expected = now.atOffset(ZoneOffset.UTC).plusMonths(3).toInstant();
        assertThat(Instant.parse(addition.json().path("validFrom").asText())).isEqualTo(now);
        assertThat(Instant.parse(addition.json().path("validTo").asText())).isEqualTo(expected);
        JsonNode account = account(accountId);
        assertThat(Instant.parse(account.path("balanceExpires").asText())).isEqualTo(expected);
    }

    @Test
    void add_countsCalendarMonths_whenValidFromIsTheLastDayOfJanuary() {
        int id = unusedDefinitionId();
        put(id, definition("One month points").put("defaultValidityMonths", 1));
        String accountId = openAccount(uniqueContactId("calendar"), id);
        int nextYear = clock.instant().atOffset(ZoneOffset.UTC).getYear() + 1;
        Instant validFrom = LocalDate.of(nextYear, 1, 31).atTime(10, 0).toInstant(ZoneOffset.UTC);

        Api.Response addition = add(accountId, "Addition", "10", validFrom, null);

        assertThat(addition.status()).as(addition.text()).isEqualTo(201);
        LocalDate endOfFebruary = LocalDate.of(nextYear, 2, 1).withDayOfMonth(
                LocalDate.of(nextYear, 2, 1).lengthOfMonth());
        assertThat(Instant.parse(addition.json().path("validTo").asText()))
                .isEqualTo(endOfFebruary.atTime(10, 0).toInstant(ZoneOffset.UTC));
    }

    @Test
    void add_keepsTheSentValidTo_whenTheDefinitionHasDefaultValidity() {
        int id = unusedDefinitionId();
        put(id, definition("Six month points").put("defaultValidityMonths", 6));
        String accountId = openAccount(uniqueContactId("explicit"), id);
        Instant validTo = clock.instant().plusSeconds(3_600);

        Api.Response addition = add(accountId, "Addition", "10", null, validTo);

        assertThat(Instant.parse(addition.json().path("validTo").asText())).isEqualTo(validTo);
    }

    @Test
    void add_neverExpires_whenTheDefinitionHasNoDefaultValidity() {
        String accountId = openAccount(uniqueContactId("forever"), 1);

        Api.Response addition = add(accountId, "Addition", "10", null, null);

        assertThat(addition.status()).isEqualTo(201);
        assertThat(addition.json().has("validTo")).isTrue();
        assertThat(addition.json().path("validTo").isNull()).isTrue();
        assertThat(account(accountId).path("balanceExpires").isNull()).isTrue();
    }

    private static ObjectNode definition(String name) {
        return JSON.createObjectNode().put("name", name);
    }

    private Api.Response put(int id, ObjectNode body) {
        return api().put(DEFINITIONS + "/" + id, body.toString());
    }

    private String openAccount(String contactId, int definitionId) {
        return Accounts.openNew(api(), contactId, definitionId);
    }

    private Api.Response add(String accountId, String type, String amount, Instant validFrom,
                             Instant validTo) {
        ObjectNode body = JSON.createObjectNode().put("accountId", accountId)
                .put("transactionId", "def-" + UUID.randomUUID()).put("transactionType", type)
                .put("amount", new BigDecimal(amount)).put("source", "Purchase")
                .put("description", "@@(Bonus.Points) - Slim Fit T-shirt");
        if (validFrom != null) {
            body.put("validFrom", validFrom.toString());
        }
        if (validTo != null) {
            body.put("validTo", validTo.toString());
        }
        return api().post("/api/v3/point-transactions", body.toString());
    }

    /** An id far above the seeded definition 1, drawn at random so no two tests share it. */
    private static int unusedDefinitionId() {
        return ThreadLocalRandom.current().nextInt(100_000_000, 1_000_000_000);
    }

    private static JsonNode byId(JsonNode page, int id) {
        for (JsonNode item : page.path("items")) {
            if (item.path("id").asInt() == id) {
                return item;
            }
        }
        throw new AssertionError("no definition " + id + " in " + page);
    }
}

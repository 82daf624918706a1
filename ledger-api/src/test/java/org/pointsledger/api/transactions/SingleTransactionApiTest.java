package org.pointsledger.api.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Instants.instant;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves POST /point-transactions: storing, idempotency, balance rules, formats, and the
 * refusals that depend on what the ledger holds. Malformed requests are TransactionsSliceTest's.
 */
class SingleTransactionApiTest extends LedgerIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRANSACTIONS = "/api/v3/point-transactions";
    private static final String SEED_SHIRT = "@@(Bonus.Points) - Slim Fit T-shirt";
    private static final String SEED_SWEATSHIRT = "Plus member - extra points for purchase"
            + " (45 points) - Regular Fit Sweatshirt";
    private static final DateTimeFormatter SEVEN_DIGITS_PLUS_TWO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSXXX");

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void add_creates201WithLocation_andTheTransactionIsReadableAtOnce() {
        String accountId = openAccount("created");
        String transactionId = newTransactionId();
        Instant now = clock.instant();
        ObjectNode body = addition(accountId, transactionId, "719.7", SEED_SHIRT, "Purchase")
                .put("retailTransactionLineItemId", "d5ad8be8-6785-4922-95fe-b12500d3ff91");

        Api.Response created = post(body);

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode transaction = created.json();
        assertThat(transaction.path("id").asText()).isEqualTo(transactionId);
        assertThat(transaction.path("accountId").asText()).isEqualTo(accountId);
        assertThat(transaction.path("amount").decimalValue()).isEqualByComparingTo("719.7");
        assertThat(transaction.path("type").asText()).isEqualTo("Addition");
        assertThat(transaction.path("source").asText()).isEqualTo("Purchase");
        assertThat(transaction.path("description").asText()).isEqualTo(SEED_SHIRT);
        assertThat(transaction.path("retailTransactionLineItemId").asText())
                .isEqualTo("d5ad8be8-6785-4922-95fe-b12500d3ff91");
        assertThat(instant(transaction, "createdOn")).isEqualTo(now);
        assertThat(instant(transaction, "modifiedOn")).isEqualTo(now);
        assertThat(created.header("Location")).endsWith(TRANSACTIONS + "/" + transactionId);

        Api.Response byLocation = api().get(URI.create(created.header("Location")).getRawPath());
        Api.Response byAlias = api().get("/api/v3/point-accounts/transactions/" + transactionId);
        assertThat(byLocation.status()).isEqualTo(200);
        assertThat(byLocation.json()).isEqualTo(transaction);
        assertThat(byAlias.status()).isEqualTo(200);
        assertThat(byAlias.json()).isEqualTo(transaction);
        assertThat(balance(accountId)).isEqualByComparingTo("719.7");
        assertThat(listIds(accountId)).containsExactly(transactionId);
    }

    @Test
    void read_fails404WithProblem_whenTheTransactionIsUnknown() {
        String unknown = newTransactionId();

        assertProblem(api().get(TRANSACTIONS + "/" + unknown), 404, "not-found");
        assertProblem(api().get("/api/v3/point-accounts/transactions/" + unknown), 404,
                "not-found");
    }

    @Test
    void add_answers200WithoutSecondEffect_whenTheSameTransactionIsSentAgain() {
        String accountId = openAccount("repeat");
        String transactionId = newTransactionId();
        ObjectNode body = addition(accountId, transactionId, "449.85", SEED_SWEATSHIRT,
                "BonusPromotion");
        Api.Response first = post(body);
        assertThat(first.status()).isEqualTo(201);
        long events = eventCount(accountId);

        Api.Response again = post(body);

        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(balance(accountId)).isEqualByComparingTo("449.85");
        assertThat(eventCount(accountId)).isEqualTo(events);
        assertThat(listIds(accountId)).containsExactly(transactionId);
    }

    @Test
    void deduct_answers200ForARepeat_evenWhenTheBalanceNoLongerCoversIt() {
        String accountId = openAccount("repeat-deduction");
        assertThat(post(addition(accountId, newTransactionId(), "100", SEED_SHIRT, "Purchase"))
                .status()).isEqualTo(201);
        ObjectNode deduction = deduction(accountId, newTransactionId(), "60");
        assertThat(post(deduction).status()).isEqualTo(201);
        long events = eventCount(accountId);

        Api.Response again = post(deduction);

        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().path("amount").decimalValue()).isEqualByComparingTo("-60");
        assertThat(balance(accountId)).isEqualByComparingTo("40");
        assertThat(eventCount(accountId)).isEqualTo(events);
    }

    @Test
    void add_answers200_whenTheRepeatWritesTheSameAmountAndInstantsDifferently() {
        String accountId = openAccount("repeat-forms");
        String transactionId = newTransactionId();
        Instant validFrom = clock.instant().minus(Duration.ofHours(5));
        ObjectNode body = addition(accountId, transactionId, "12.5", SEED_SHIRT, "Purchase")
                .put("validFrom", validFrom.toString());
        assertThat(post(body).status()).isEqualTo(201);
        long events = eventCount(accountId);

        ObjectNode sameContent = body.deepCopy().put("amount", new BigDecimal("12.5000"))
                .put("validFrom", validFrom.atOffset(ZoneOffset.ofHours(2)).toString());
        Api.Response again = post(sameContent);

        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(eventCount(accountId)).isEqualTo(events);
        assertThat(balance(accountId)).isEqualByComparingTo("12.5");
    }

    @Test
    void add_fails409_whenTheTransactionIdIsReusedWithOtherContent() {
        String accountId = openAccount("conflict");
        String transactionId = newTransactionId();
        ObjectNode body = addition(accountId, transactionId, "100", SEED_SHIRT, "Purchase");
        assertThat(post(body).status()).isEqualTo(201);
        long events = eventCount(accountId);

        assertProblem(post(body.deepCopy().put("amount", 101)), 409, "conflict");
        assertProblem(post(body.deepCopy().put("description", "Other shirt")), 409, "conflict");
        assertProblem(post(body.deepCopy().put("transactionType", "Deduction")), 409, "conflict");

        assertThat(eventCount(accountId)).isEqualTo(events);
        assertThat(balance(accountId)).isEqualByComparingTo("100");
        JsonNode stored = api().get(TRANSACTIONS + "/" + transactionId).json();
        assertThat(stored.path("amount").decimalValue()).isEqualByComparingTo("100");
        assertThat(stored.path("description").asText()).isEqualTo(SEED_SHIRT);
    }

    @Test
    void add_fails409WithoutEffect_whenTheTransactionIdIsReusedOnAnotherAccount() {
        String firstAccount = openAccount("first-owner");
        String secondAccount = openAccount("second-owner");
        String transactionId = newTransactionId();
        assertThat(post(addition(firstAccount, transactionId, "100", SEED_SHIRT, "Purchase"))
                .status()).isEqualTo(201);
        long events = eventCount(secondAccount);

        Api.Response reused = post(addition(secondAccount, transactionId, "100", SEED_SHIRT,
                "Purchase"));

        assertProblem(reused, 409, "conflict");
        assertThat(eventCount(secondAccount)).isEqualTo(events);
        assertThat(balance(secondAccount)).isZero();
        assertThat(listIds(secondAccount)).isEmpty();
        JsonNode stored = api().get(TRANSACTIONS + "/" + transactionId).json();
        assertThat(stored.path("accountId").asText()).isEqualTo(firstAccount);
    }

    @Test
    void add_fails404_whenTheAccountIsUnknown() {
        String transactionId = newTransactionId();
        String unknownAccount = UUID.randomUUID().toString();

        assertProblem(post(addition(unknownAccount, transactionId, "10", SEED_SHIRT,
                "Purchase")), 404, "not-found");

        assertProblem(api().get(TRANSACTIONS + "/" + transactionId), 404, "not-found");
        String accountId = openAccount("after-404");
        assertThat(post(addition(accountId, transactionId, "10", SEED_SHIRT, "Purchase"))
                .status()).isEqualTo(201);
    }

    @Test
    void add_acceptsTheLimits_whenTheAmountHasFourDigitsOrIsJustBelowTenToTheTwelfth() {
        String accountId = openAccount("limits");

        Api.Response smallest = post(addition(accountId, newTransactionId(), "0.0001", SEED_SHIRT,
                "Purchase"));
        Api.Response largest = post(addition(accountId, newTransactionId(), "999999999999.9999",
                SEED_SHIRT, "Purchase"));

        assertThat(smallest.status()).as(smallest.text()).isEqualTo(201);
        assertThat(largest.status()).as(largest.text()).isEqualTo(201);
        assertAmountText(smallest, "0.0001");
        assertAmountText(largest, "999999999999.9999");
        assertThat(balance(accountId)).isEqualByComparingTo("1000000000000.0000");
    }

    @Test
    void add_storesTheDeductionNegative_whenItsAmountIsSentPositive() {
        String accountId = openAccount("deduct-sign");
        assertThat(post(addition(accountId, newTransactionId(), "40000", SEED_SHIRT, "Purchase"))
                .status()).isEqualTo(201);

        Api.Response positive = post(deduction(accountId, newTransactionId(), "15000"));
        Api.Response negative = post(deduction(accountId, newTransactionId(), "-15000"));

        assertThat(positive.status()).as(positive.text()).isEqualTo(201);
        assertThat(negative.status()).as(negative.text()).isEqualTo(201);
        for (Api.Response deduction : List.of(positive, negative)) {
            JsonNode stored = api().get(TRANSACTIONS + "/" + deduction.json().path("id").asText())
                    .json();
            assertThat(stored.path("amount").decimalValue()).isEqualByComparingTo("-15000");
            assertThat(stored.path("type").asText()).isEqualTo("Deduction");
            assertThat(stored.path("source").asText()).isEqualTo("RewardVoucher");
            assertThat(stored.path("description").asText()).isEqualTo("@@(ConvertedToBonusCheck)");
        }
        assertThat(balance(accountId)).isEqualByComparingTo("10000");
    }

    @Test
    void deduct_fails409WithAvailableBalance_whenTheBalanceIsTooLow() {
        String accountId = openAccount("too-low");
        assertThat(post(addition(accountId, newTransactionId(), "100", SEED_SHIRT, "Purchase"))
                .status()).isEqualTo(201);
        ObjectNode pending = addition(accountId, newTransactionId(), "500", SEED_SHIRT,
                "Purchase").put("validFrom", clock.instant().plus(Duration.ofDays(3)).toString());
        assertThat(post(pending).status()).isEqualTo(201);
        long events = eventCount(accountId);
        String transactionId = newTransactionId();

        Api.Response refused = post(deduction(accountId, transactionId, "100.0001"));

        JsonNode problem = assertProblem(refused, 409, "insufficient-points");
        assertThat(problem.path("availableBalance").decimalValue()).isEqualByComparingTo("100");
        assertThat(balance(accountId)).isEqualByComparingTo("100");
        assertThat(eventCount(accountId)).isEqualTo(events);
        assertProblem(api().get(TRANSACTIONS + "/" + transactionId), 404, "not-found");
    }

    @Test
    void deduct_succeeds_whenItTakesExactlyTheActiveBalance() {
        String accountId = openAccount("exact");
        assertThat(post(addition(accountId, newTransactionId(), "719.7", SEED_SHIRT, "Purchase"))
                .status()).isEqualTo(201);
        assertThat(post(addition(accountId, newTransactionId(), "449.85", SEED_SWEATSHIRT,
                "BonusPromotion")).status()).isEqualTo(201);

        Api.Response exact = post(deduction(accountId, newTransactionId(), "1169.55"));

        assertThat(exact.status()).as(exact.text()).isEqualTo(201);
        assertThat(balance(accountId)).isZero();
        JsonNode problem = assertProblem(post(deduction(accountId, newTransactionId(),
                "0.0001")), 409, "insufficient-points");
        assertThat(problem.path("availableBalance").decimalValue()).isZero();
    }

    @Test
    void add_creates201_whenValidToIsAfterValidFrom() {
        String accountId = openAccount("validity");
        Instant validFrom = clock.instant().minus(Duration.ofDays(1));
        ObjectNode body = addition(accountId, newTransactionId(), "10", SEED_SHIRT, "Purchase")
                .put("validFrom", validFrom.toString());

        Api.Response justAfter = post(body.deepCopy().put("validTo",
                validFrom.plus(Duration.ofDays(2)).toString()));

        assertThat(justAfter.status()).as(justAfter.text()).isEqualTo(201);
    }

    @Test
    void add_returnsDescriptionCodesVerbatim_inEveryRead() {
        String accountId = openAccount("codes");
        List<String> descriptions = List.of(SEED_SHIRT, SEED_SWEATSHIRT,
                "@@(Bonus.DeductionForReturn)", "Ünïcode <b>&amp;</b> \"quoted\" 50% @@(X)");
        List<String> ids = new ArrayList<>();
        for (String description : descriptions) {
            Api.Response created = post(addition(accountId, newTransactionId(), "1", description,
                    "BonusPromotion"));
            assertThat(created.json().path("description").asText()).isEqualTo(description);
            ids.add(created.json().path("id").asText());
        }

        for (int i = 0; i < ids.size(); i++) {
            assertThat(api().get(TRANSACTIONS + "/" + ids.get(i)).json().path("description")
                    .asText()).isEqualTo(descriptions.get(i));
        }
        List<String> listed = new ArrayList<>();
        list(accountId).path("items").forEach(item -> listed.add(item.path("description")
                .asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(descriptions);
    }

    @Test
    void add_answersPlainAmountsWithoutTrailingZeros_whenSentWithThem() {
        String accountId = openAccount("plain");

        Api.Response twelve = post(addition(accountId, newTransactionId(), "12.50", SEED_SHIRT,
                "Purchase"));
        Api.Response thousand = post(addition(accountId, newTransactionId(), "1000.00", SEED_SHIRT,
                "Purchase"));

        assertAmountText(twelve, "12.5");
        assertAmountText(thousand, "1000");
        assertAmountText(api().get(TRANSACTIONS + "/" + twelve.json().path("id").asText()),
                "12.5");
        Api.Response account = api().get("/api/v3/point-accounts/" + accountId);
        assertThat(account.text()).containsPattern("\"balance\"\\s*:\\s*1012\\.5\\s*[,}]");
    }

    @Test
    void add_acceptsSevenFractionalDigitsAndAnOffset_asTheSameInstant() {
        String accountId = openAccount("offsets");
        Instant transactionDate = clock.instant().minus(Duration.ofDays(2)).plusNanos(400);
        Instant validFrom = transactionDate.plus(Duration.ofHours(1));
        Instant validTo = clock.instant().plus(Duration.ofDays(30)).plusNanos(700);
        ObjectNode body = addition(accountId, newTransactionId(), "10", SEED_SHIRT, "Purchase")
                .put("transactionDate", sevenDigitsPlusTwo(transactionDate))
                .put("validFrom", sevenDigitsPlusTwo(validFrom))
                .put("validTo", sevenDigitsPlusTwo(validTo));
        assertThat(body.path("validTo").asText()).matches(
                Pattern.compile(".*T\\d{2}:\\d{2}:\\d{2}\\.\\d{7}\\+02:00"));

        Api.Response created = post(body);

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode read = api().get(TRANSACTIONS + "/" + created.json().path("id").asText()).json();
        assertThat(instant(read, "transactionDate")).isEqualTo(transactionDate);
        assertThat(instant(read, "validFrom")).isEqualTo(validFrom);
        assertThat(instant(read, "validTo")).isEqualTo(validTo);
        assertThat(balance(accountId)).isEqualByComparingTo("10");
        JsonNode account = api().get("/api/v3/point-accounts/" + accountId).json();
        assertThat(instant(account, "balanceExpires")).isEqualTo(validTo);
    }

    @Test
    void add_defaultsTransactionDateToNowAndValidFromToTransactionDate_whenTheyAreOmitted() {
        String accountId = openAccount("defaults");
        Instant now = clock.instant();
        Instant transactionDate = now.minus(Duration.ofDays(3));

        Api.Response bare = post(addition(accountId, newTransactionId(), "10", SEED_SHIRT,
                "Purchase"));
        Api.Response dated = post(addition(accountId, newTransactionId(), "20", SEED_SHIRT,
                "Purchase").put("transactionDate", transactionDate.toString()));

        assertThat(instant(bare.json(), "transactionDate")).isEqualTo(now);
        assertThat(instant(bare.json(), "validFrom")).isEqualTo(now);
        assertThat(instant(dated.json(), "transactionDate")).isEqualTo(transactionDate);
        assertThat(instant(dated.json(), "validFrom")).isEqualTo(transactionDate);
        assertThat(balance(accountId)).isEqualByComparingTo("30");
    }

    private String openAccount(String prefix) {
        return Accounts.openNew(api(), uniqueContactId(prefix), 1);
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

    private static ObjectNode deduction(String accountId, String transactionId, String amount) {
        return JSON.createObjectNode().put("accountId", accountId)
                .put("transactionId", transactionId).put("transactionType", "Deduction")
                .put("amount", new BigDecimal(amount))
                .put("description", "@@(ConvertedToBonusCheck)").put("source", "RewardVoucher");
    }

    private Api.Response post(ObjectNode body) {
        return post(body.toString());
    }

    private Api.Response post(String body) {
        return api().post(TRANSACTIONS, body);
    }

    private JsonNode list(String accountId) {
        Api.Response response = api().get(TRANSACTIONS + "?id=" + accountId);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private List<String> listIds(String accountId) {
        List<String> ids = new ArrayList<>();
        list(accountId).path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static String sevenDigitsPlusTwo(Instant instant) {
        return SEVEN_DIGITS_PLUS_TWO.format(instant.atOffset(ZoneOffset.ofHours(2)));
    }

    /** The amount exactly as written on the wire: a plain number, no trailing zeros. */
    private static void assertAmountText(Api.Response response, String plain) {
        assertThat(response.text()).containsPattern(
                "\"amount\"\\s*:\\s*" + Pattern.quote(plain) + "\\s*[,}]");
    }
}

package org.pointsledger.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Instants.instant;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.commands.expiry.ExpirySweeper;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Proves that an account's balance replayed from the event store as of an instant equals what
 * the account resource (computed from the read models) answered at that instant, over
 * generated histories of additions (pending, active, already expired, never expiring),
 * deductions and expiry sweeps, and that without asOf it equals the resource now.
 */
class BalanceAsOfTest extends LedgerIntegrationTest {

    private static final int HISTORIES = 8;
    private static final int STEPS_PER_HISTORY = 14;
    /** A run's seed is printed; this system property replays it. */
    private static final String SEED_PROPERTY = "ledger.balance-as-of.seed";

    /** What the account resource answered at one instant. */
    private record Seen(Instant at, JsonNode account) {
    }

    @Autowired
    private ExpirySweeper sweeper;

    @Test
    void balanceAsOf_equalsWhatTheAccountResourceAnsweredThen_forGeneratedHistories() {
        long seed = Long.getLong(SEED_PROPERTY, new Random().nextLong());
        System.out.println("BalanceAsOfTest seed " + seed + " (replay: -D" + SEED_PROPERTY + "="
                + seed + ")");
        Random random = new Random(seed);
        clock.set(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        for (int history = 0; history < HISTORIES; history++) {
            String accountId = Accounts.open(api(), uniqueContactId("as-of"));
            List<Seen> seen = new ArrayList<>();
            seen.add(new Seen(clock.instant(), account(accountId)));
            for (int step = 0; step < STEPS_PER_HISTORY; step++) {
                clock.advance(Duration.ofMinutes(1 + random.nextInt(240)));
                step(random, accountId);
                seen.add(new Seen(clock.instant(), account(accountId)));
            }
            String context = "seed " + seed + ", history " + history;
            assertSame(balance(accountId, null), account(accountId), context + ", now");
            assertThat(seen).hasSize(STEPS_PER_HISTORY + 1);
            for (Seen then : seen) {
                assertSame(balance(accountId, then.at()), then.account(),
                        context + ", as of " + then.at());
            }
        }
    }

    @Test
    void balanceAsOf_listsTheLotsThatHeldPointsThen() {
        String accountId = Accounts.open(api(), uniqueContactId("as-of-lots"));
        Instant start = clock.instant();
        add(accountId, new BigDecimal("100"), start.plus(Duration.ofHours(1)), null);
        clock.advance(Duration.ofMinutes(10));
        deduct(accountId, BigDecimal.ZERO);

        JsonNode then = balance(accountId, start);
        JsonNode later = balance(accountId, start.plus(Duration.ofHours(2)));

        assertThat(then.path("pendingPoints").decimalValue()).isEqualByComparingTo("100");
        assertThat(then.path("lots").get(0).path("state").asText()).isEqualTo("Pending");
        assertThat(then.path("lots").get(0).path("pointsAdded").decimalValue())
                .isEqualByComparingTo("100");
        assertThat(later.path("balance").decimalValue()).isEqualByComparingTo("100");
        assertThat(later.path("lots").get(0).path("state").asText()).isEqualTo("Active");
        assertThat(later.path("events").asLong()).isEqualTo(2);
    }

    @Test
    void balanceAsOf_answers404BeforeTheAccountExisted_orForAnUnknownAccount() {
        Instant before = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        String accountId = Accounts.open(api(), uniqueContactId("as-of-bad"));
        String path = "/api/v3/point-accounts/" + accountId + "/balance";

        assertProblem(api().get(path + "?asOf=" + before), 404, "not-found");
        assertProblem(api().get("/api/v3/point-accounts/" + UUID.randomUUID() + "/balance"), 404,
                "not-found");
    }

    /** One generated step: an addition, a deduction of part of the balance, or a sweep. */
    private void step(Random random, String accountId) {
        int kind = random.nextInt(10);
        if (kind < 5) {
            Instant now = clock.instant();
            Instant validFrom = switch (random.nextInt(3)) {
                case 0 -> null;
                case 1 -> now.minus(Duration.ofMinutes(1 + random.nextInt(300)));
                default -> now.plus(Duration.ofMinutes(1 + random.nextInt(300)));
            };
            Instant validTo = random.nextBoolean() ? null : (validFrom == null ? now : validFrom)
                    .plus(Duration.ofMinutes(1 + random.nextInt(600)));
            add(accountId, BigDecimal.valueOf(1 + random.nextInt(50_000), 2), validFrom,
                    validTo);
        } else if (kind < 8) {
            BigDecimal balance = account(accountId).path("balance").decimalValue();
            deduct(accountId, balance.multiply(BigDecimal.valueOf(random.nextInt(101)))
                    .divide(BigDecimal.valueOf(100)).setScale(2, java.math.RoundingMode.DOWN));
        } else {
            sweeper.sweepDueLots();
        }
    }

    private void add(String accountId, BigDecimal amount, Instant validFrom, Instant validTo) {
        Api.Response answer = api().post("/api/v3/point-transactions", "{\"accountId\":\""
                + accountId + "\",\"transactionId\":\"" + UUID.randomUUID()
                + "\",\"transactionType\":\"Addition\",\"amount\":" + amount.toPlainString()
                + ",\"description\":\"as-of\",\"source\":\"Purchase\""
                + (validFrom == null ? "" : ",\"validFrom\":\"" + validFrom + "\"")
                + (validTo == null ? "" : ",\"validTo\":\"" + validTo + "\"") + "}");
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    }

    /** Deducts the amount, or one point more than there is when it is zero (refused, 409). */
    private void deduct(String accountId, BigDecimal amount) {
        BigDecimal sent = amount.signum() > 0 ? amount
                : account(accountId).path("balance").decimalValue().add(BigDecimal.ONE);
        Api.Response answer = api().post("/api/v3/point-transactions", "{\"accountId\":\""
                + accountId + "\",\"transactionId\":\"" + UUID.randomUUID()
                + "\",\"transactionType\":\"Deduction\",\"amount\":" + sent.toPlainString()
                + ",\"description\":\"as-of\",\"source\":\"RewardVoucher\"}");
        assertThat(answer.status()).as(answer.text()).isEqualTo(amount.signum() > 0 ? 201 : 409);
    }

    private JsonNode balance(String accountId, Instant asOf) {
        Api.Response answer = api().get("/api/v3/point-accounts/" + accountId + "/balance"
                + (asOf == null ? "" : "?asOf=" + asOf));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    private static void assertSame(JsonNode replayed, JsonNode account, String context) {
        String both = context + "\nreplayed " + replayed + "\naccount " + account;
        assertThat(replayed.path("balance").decimalValue()).as(both)
                .isEqualByComparingTo(account.path("balance").decimalValue());
        assertThat(replayed.path("pendingPoints").decimalValue()).as(both)
                .isEqualByComparingTo(account.path("pendingPoints").decimalValue());
        assertThat(instant(replayed.path("balanceExpires"))).as(both)
                .isEqualTo(instant(account.path("balanceExpires")));
        BigDecimal lotPoints = BigDecimal.ZERO;
        for (JsonNode lot : replayed.path("lots")) {
            if (lot.path("state").asText().equals("Active")) {
                lotPoints = lotPoints.add(lot.path("pointsLeft").decimalValue());
            }
        }
        assertThat(lotPoints).as(both + "\nthe active lots hold the balance")
                .isEqualByComparingTo(replayed.path("balance").decimalValue());
    }
}

package org.pointsledger.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves the README's caps on the audit answers: /balance lists at most 1000 lots and says so
 * in lotsTruncated, /verify at most 100 differences and says so in differencesTruncated.
 */
class AuditCapsTest extends LedgerIntegrationTest {

    /** README, Balance as of any instant: "At most 1000 lots are listed". */
    private static final int LOTS_LISTED_MAX = 1000;
    /** README, Tamper evidence: "an edited read-model row as a difference (... up to 100)". */
    private static final int DIFFERENCES_LISTED_MAX = 100;
    /** Small bulks, each well within a request's time on a slow machine. */
    private static final int LOTS_PER_BULK = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void balanceAndVerify_listUpToTheirCaps_andSayWhenThereWasMore() {
        String contactId = uniqueContactId("caps");
        for (int bulk = 0; bulk < LOTS_LISTED_MAX / LOTS_PER_BULK; bulk++) {
            Api.Response added = api().post("/api/v3/point-accounts/transactions",
                    onePointLots(contactId, LOTS_PER_BULK));
            assertThat(added.status()).as(added.text()).isEqualTo(202);
            assertThat(added.json().path("accepted").asInt()).isEqualTo(LOTS_PER_BULK);
        }
        Instant withTheCap = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        assertThat(api().post("/api/v3/point-accounts/transactions", onePointLots(contactId, 1))
                .status()).isEqualTo(202);
        String accountId = accountOf(contactId);

        JsonNode atTheCap = balance(accountId, "?asOf=" + withTheCap);
        assertThat(atTheCap.path("lots").size()).isEqualTo(LOTS_LISTED_MAX);
        assertThat(atTheCap.path("lotsTruncated").asBoolean()).as("1000 lots").isFalse();
        JsonNode pastTheCap = balance(accountId, "");
        assertThat(pastTheCap.path("balance").decimalValue()).isEqualByComparingTo("1001");
        assertThat(pastTheCap.path("lots").size()).isEqualTo(LOTS_LISTED_MAX);
        assertThat(pastTheCap.path("lotsTruncated").asBoolean()).as("1001 lots").isTrue();

        assertDifferencesCapped(accountId);
    }

    /**
     * Each edited lot row is one difference, beside a fixed number for the account's balance:
     * edits up to exactly 100 differences are listed in full, one more is cut to 100.
     */
    private void assertDifferencesCapped(String accountId) {
        List<String> lotIds = jdbc.queryForList("select lot_id from point_lot where account_id"
                + " = ? order by lot_id", String.class, accountId);
        assertThat(lotIds).hasSize(LOTS_LISTED_MAX + 1);

        editLots(lotIds.subList(0, 1));
        int besideTheLots = verify(accountId).path("differences").size() - 1;
        assertThat(besideTheLots).as("differences beside the lot's").isBetween(0, 10);
        int editedAtTheCap = DIFFERENCES_LISTED_MAX - besideTheLots;
        editLots(lotIds.subList(1, editedAtTheCap));
        JsonNode atTheCap = verify(accountId);
        assertThat(atTheCap.path("differences").size()).isEqualTo(DIFFERENCES_LISTED_MAX);
        assertThat(atTheCap.path("differencesTruncated").asBoolean()).as("100 differences")
                .isFalse();

        editLots(lotIds.subList(editedAtTheCap, editedAtTheCap + 1));
        JsonNode pastTheCap = verify(accountId);
        assertThat(pastTheCap.path("verified").asBoolean()).isFalse();
        assertThat(pastTheCap.path("differences").size()).isEqualTo(DIFFERENCES_LISTED_MAX);
        assertThat(pastTheCap.path("differencesTruncated").asBoolean()).as("101 differences")
                .isTrue();
    }

    private void editLots(List<String> lotIds) {
        assertThat(lotIds).isNotEmpty();
        String listed = String.join("', '", lotIds);
        assertThat(jdbc.update("update point_lot set points_remaining = points_remaining + 1"
                + " where lot_id in ('" + listed + "')")).isEqualTo(lotIds.size());
    }

    private String onePointLots(String contactId, int count) {
        Instant now = clock.instant();
        ArrayNode items = JSON.createArrayNode();
        for (int index = 0; index < count; index++) {
            ObjectNode item = items.addObject();
            item.put("contactId", contactId);
            item.put("amount", 1);
            item.put("definitionId", 1);
            item.put("timeStamp", now.toString());
            item.put("source", "Purchase");
            item.put("description", "lot " + index);
            item.put("validFrom", now.toString());
        }
        return items.toString();
    }

    private String accountOf(String contactId) {
        Api.Response accounts = api().get("/api/v3/point-accounts?contactId=" + contactId);
        assertThat(accounts.json().path("items").size()).as(accounts.text()).isEqualTo(1);
        return accounts.json().path("items").path(0).path("id").asText();
    }

    private JsonNode balance(String accountId, String query) {
        Api.Response balance = api().get("/api/v3/point-accounts/" + accountId + "/balance"
                + query);
        assertThat(balance.status()).as(balance.text()).isEqualTo(200);
        return balance.json();
    }

    private JsonNode verify(String accountId) {
        Api.Response verify = api().get("/api/v3/point-accounts/" + accountId + "/verify");
        assertThat(verify.status()).as(verify.text()).isEqualTo(200);
        return verify.json();
    }
}

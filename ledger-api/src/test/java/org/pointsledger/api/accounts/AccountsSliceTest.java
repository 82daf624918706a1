package org.pointsledger.api.accounts;

import static org.pointsledger.api.support.Problems.assertFieldProblem;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerWebSliceTest;

/**
 * Proves the point-account endpoints refuse a malformed contact, definition, page or id before
 * they read or write anything (see LedgerWebSliceTest); what they answer for real accounts is
 * AccountsApiTest's.
 */
class AccountsSliceTest extends LedgerWebSliceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNTS = "/api/v3/point-accounts";

    @Test
    void open_fails400NamingContactId_whenContactIdIsTooLong() {
        String tooLong = "c".repeat(ContactIds.CONTACT_ID_LENGTH_MAX + 1);

        assertFieldProblem(open(tooLong, 1), "contactId");
    }

    @Test
    void open_fails400NamingContactId_whenContactIdHasCharactersOutsideTheAllowedSet() {
        for (String bad : List.of("has space", "slash/in", "quote'd", "ümlaut", "semi;colon")) {
            assertFieldProblem(open(bad, 1), "contactId");
        }
    }

    @Test
    void open_fails400NamingTheField_whenContactIdOrDefinitionIdIsMissing() {
        assertFieldProblem(api().post(ACCOUNTS, "{\"definitionId\": 1}"), "contactId");
        assertFieldProblem(api().post(ACCOUNTS, "{\"contactId\": \"\", \"definitionId\": 1}"),
                "contactId");
        assertFieldProblem(api().post(ACCOUNTS, "{\"contactId\": \"no-definition-id\"}"),
                "definitionId");
    }

    @Test
    void list_fails400NamingContactId_whenContactIdIsMissingOrMalformed() {
        assertFieldProblem(api().get(ACCOUNTS), "contactId");
        assertFieldProblem(api().get(ACCOUNTS + "?contactId="), "contactId");
        assertFieldProblem(api().get(ACCOUNTS + "?contactId=" + "x".repeat(65)), "contactId");
    }

    @Test
    void list_fails400NamingTheField_whenCountOrOffsetIsOutOfRange() {
        String contactId = "bad-paging";

        assertFieldProblem(list(contactId, "&count=0"), "count");
        assertFieldProblem(list(contactId, "&count=1001"), "count");
        assertFieldProblem(list(contactId, "&count=ten"), "count");
        assertFieldProblem(list(contactId, "&offset=-1"), "offset");
    }

    @Test
    void read_fails400WithProblem_whenTheIdIsNoAccountId() {
        assertProblem(api().get(ACCOUNTS + "/not-an-account-id"), 400, "invalid-request");
    }

    private Api.Response open(String contactId, int definitionId) {
        return api().post(ACCOUNTS, JSON.createObjectNode().put("contactId", contactId)
                .put("definitionId", definitionId).toString());
    }

    private Api.Response list(String contactId, String query) {
        return api().get(ACCOUNTS + "?contactId=" + contactId + query);
    }
}

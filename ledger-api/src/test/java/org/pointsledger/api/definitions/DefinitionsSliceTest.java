package org.pointsledger.api.definitions;

import static org.pointsledger.api.support.Problems.assertFieldProblem;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerWebSliceTest;

/**
 * Proves the point-definition endpoints refuse an invalid definition or id before they read or
 * write anything (see LedgerWebSliceTest); the definitions themselves and their rules are
 * DefinitionsApiTest's.
 */
class DefinitionsSliceTest extends LedgerWebSliceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFINITIONS = "/api/v3/point-accounts/definitions";
    /** A definition id: no request here gets far enough to look it up. */
    private static final int DEFINITION_ID = 123_456_789;

    @Test
    void put_fails400NamingTheField_whenTheDefinitionIsInvalid() {
        int id = DEFINITION_ID;

        assertFieldProblem(put(id, JSON.createObjectNode()), "name");
        assertFieldProblem(put(id, definition("   ")), "name");
        assertFieldProblem(put(id, definition("n".repeat(201))), "name");
        assertFieldProblem(put(id, definition("Ok").put("description", "d".repeat(1001))),
                "description");
        assertFieldProblem(put(id, definition("Ok").put("defaultValidityMonths", 0)),
                "defaultValidityMonths");
        assertFieldProblem(put(id, definition("Ok").put("defaultValidityMonths", 1201)),
                "defaultValidityMonths");
        assertFieldProblem(api().put(DEFINITIONS + "/abc", definition("Ok").toString()), "id");
        assertFieldProblem(api().put(DEFINITIONS + "/0", definition("Ok").toString()), "id");
        assertFieldProblem(api().put(DEFINITIONS + "/" + id,
                "{\"name\": \"Ok\", \"defaultValidityMonths\": \"soon\"}"),
                "defaultValidityMonths");
    }

    @Test
    void read_fails400WithProblem_whenTheIdIsNoNumber() {
        assertProblem(api().get(DEFINITIONS + "/not-a-number"), 400, "invalid-request");
    }

    private static ObjectNode definition(String name) {
        return JSON.createObjectNode().put("name", name);
    }

    private Api.Response put(int id, ObjectNode body) {
        return api().put(DEFINITIONS + "/" + id, body.toString());
    }
}

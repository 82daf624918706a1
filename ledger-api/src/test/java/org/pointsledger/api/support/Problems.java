package org.pointsledger.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What every error answer must be: problem+json of its exact type, and nothing leaked. */
public final class Problems {

    /** Every problem type the service sends starts with this; the rest names the problem. */
    public static final String TYPE_PREFIX = "urn:points-ledger:problem:";

    private Problems() {
    }

    /**
     * Asserts a problem+json answer of this status and of this type ({@code "conflict"},
     * {@code "insufficient-points"}, {@code "busy"}...: the part after {@link #TYPE_PREFIX}),
     * that leaks no class name, stack frame or SQL, and returns its body.
     */
    public static JsonNode assertProblem(Api.Response response, int status, String type) {
        JsonNode problem = assertProblemShape(response, status);
        assertThat(problem.path("type").asText()).as(response.text()).isEqualTo(TYPE_PREFIX + type);
        return problem;
    }

    /**
     * Transitional: status and shape without the type. Every caller is to name the type
     * through {@link #assertProblem(Api.Response, int, String)}; this goes once none is left.
     */
    @Deprecated
    public static JsonNode assertProblem(Api.Response response, int status) {
        return assertProblemShape(response, status);
    }

    /** Asserts that an answer leaks nothing of the implementation, whatever its status. */
    public static void assertNoLeak(Api.Response response) {
        assertThat(response.text()).as("answer leaks the implementation")
                .doesNotContain("Exception", "org.", "SQL", "at java", "java.", "jdbc");
    }

    /** Asserts a 400 of type invalid-request whose errors name this field, each with a message. */
    public static void assertFieldProblem(Api.Response response, String field) {
        JsonNode problem = assertProblem(response, 400, "invalid-request");
        assertThat(problem.path("errors").isArray()).as(response.text()).isTrue();
        List<String> fields = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            fields.add(error.path("field").asText());
            assertThat(error.path("message").asText()).isNotBlank();
        }
        assertThat(fields).as(response.text()).isNotEmpty().contains(field);
    }

    private static JsonNode assertProblemShape(Api.Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertNoLeak(response);
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        return problem;
    }
}

package org.pointsledger.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What every error answer must be: problem+json with its fields, and nothing leaked. */
public final class Problems {

    private Problems() {
    }

    /** Asserts a problem+json answer of this status and returns its body. */
    public static JsonNode assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.text()).doesNotContain("Exception", "org.", "SQL", "at java");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.has("type")).isTrue();
        return problem;
    }

    /** Asserts a 400 whose errors name this field, each with a message. */
    public static void assertFieldProblem(Api.Response response, String field) {
        JsonNode problem = assertProblem(response, 400);
        assertThat(problem.path("errors").isArray()).as(response.text()).isTrue();
        List<String> fields = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            fields.add(error.path("field").asText());
            assertThat(error.path("message").asText()).isNotBlank();
        }
        assertThat(fields).as(response.text()).contains(field);
    }
}

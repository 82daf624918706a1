package org.pointsledger.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What every error answer must be: problem+json of its exact type, and nothing leaked. */
public final class Problems {

    /** Every problem type the service sends starts with this; the rest names the problem. */
    public static final String TYPE_PREFIX = "urn:points-ledger:problem:";

    /**
     * The type of the problems Spring itself answers (an unknown path, a method a path does not
     * take), as the README says; every other problem's type starts with {@link #TYPE_PREFIX}.
     */
    public static final String FRAMEWORK_TYPE = "about:blank";

    /**
     * The types the README's table of errors gives each status: an answer of that status must
     * have one of them. 404 and 405 may also come from the framework itself.
     */
    private static final Map<Integer, Set<String>> DOCUMENTED_TYPES = Map.ofEntries(
            Map.entry(400, Set.of("invalid-request", "bad-request", "refused")),
            Map.entry(401, Set.of("unauthorized")),
            Map.entry(403, Set.of("forbidden")),
            Map.entry(404, Set.of("not-found", FRAMEWORK_TYPE)),
            Map.entry(405, Set.of(FRAMEWORK_TYPE)),
            Map.entry(406, Set.of("not-acceptable")),
            Map.entry(409, Set.of("conflict", "insufficient-points")),
            Map.entry(413, Set.of("body-too-large")),
            Map.entry(415, Set.of("unsupported-media-type")),
            Map.entry(429, Set.of("too-many-requests")),
            Map.entry(500, Set.of("internal-error")),
            Map.entry(503, Set.of("busy", "database-unavailable")));

    private Problems() {
    }

    /**
     * Asserts a problem+json answer of this status and of this type ({@code "conflict"},
     * {@code "insufficient-points"}, {@code "busy"}...: the part after {@link #TYPE_PREFIX},
     * or {@link #FRAMEWORK_TYPE}), that leaks no class name, stack frame or SQL, and returns
     * its body.
     */
    public static JsonNode assertProblem(Api.Response response, int status, String type) {
        JsonNode problem = assertProblemShape(response, status);
        assertThat(problem.path("type").asText()).as(response.text()).isEqualTo(typeUri(type));
        return problem;
    }

    /**
     * Asserts a problem+json answer of whatever error status it has, of a type the README's
     * table gives that status, that leaks nothing; for answers to generated input, whose exact
     * type the test cannot know.
     */
    public static JsonNode assertDocumentedProblem(Api.Response response) {
        Set<String> types = DOCUMENTED_TYPES.get(response.status());
        assertThat(types).as("a documented error status: " + response.text()).isNotNull();
        JsonNode problem = assertProblemShape(response, response.status());
        assertThat(problem.path("type").asText()).as(response.text())
                .isIn(types.stream().map(Problems::typeUri).toList());
        return problem;
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

    private static String typeUri(String type) {
        return FRAMEWORK_TYPE.equals(type) ? type : TYPE_PREFIX + type;
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

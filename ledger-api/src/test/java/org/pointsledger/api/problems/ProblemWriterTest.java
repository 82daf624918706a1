package org.pointsledger.api.problems;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Proves the one problem writer gives the filters the very bytes they wrote by hand before. */
class ProblemWriterTest {

    private final ProblemWriter writer =
            new ProblemWriter(Jackson2ObjectMapperBuilder.json().build());

    @Test
    void json_isTheFormerHandWrittenDocument_forAFilterRefusal() {
        String written = writer.json(ProblemWriter.problem(HttpStatus.PAYLOAD_TOO_LARGE,
                "body-too-large", "Request body too large", BodyTooLargeException.detail(10)));

        assertThat(written).isEqualTo("{\"type\":\"urn:points-ledger:problem:body-too-large\","
                + "\"title\":\"Request body too large\",\"status\":413,"
                + "\"detail\":\"The request body is larger than 10 bytes.\"}");
    }

    @Test
    void write_setsStatusTypeAndHeaders_andNamesThePathAsInstance_whenGivenTheRequest()
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v3/x");
        MockHttpServletResponse response = new MockHttpServletResponse();
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "3");

        writer.write(request, response, ProblemWriter.problem(HttpStatus.TOO_MANY_REQUESTS,
                "too-many-requests", "Too many requests", "slow down"), headers);

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
        assertThat(response.getContentAsString()).isEqualTo(
                "{\"type\":\"urn:points-ledger:problem:too-many-requests\","
                        + "\"title\":\"Too many requests\",\"status\":429,"
                        + "\"detail\":\"slow down\",\"instance\":\"/api/v3/x\"}");
    }
}

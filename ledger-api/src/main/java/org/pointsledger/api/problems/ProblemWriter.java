package org.pointsledger.api.problems;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The one writer of application/problem+json (RFC 9457): the advice answers through
 * {@link #entity}, the filters and the container's error valve, which run where no controller
 * answers, through {@link #write} and {@link #json}. Every problem is a Spring
 * {@link ProblemDetail} written by the application's ObjectMapper, so the advice, the filters
 * and the error page give the same fields for the same problem.
 */
@Component
public class ProblemWriter {

    /** The prefix of every problem type: {@code urn:points-ledger:problem:not-found}. */
    public static final String TYPE_PREFIX = "urn:points-ledger:problem:";

    private final ObjectMapper json;

    public ProblemWriter(ObjectMapper json) {
        this.json = json;
    }

    /** A problem of the given status, short type name, title and detail. */
    public static ProblemDetail problem(HttpStatusCode status, String type, String title,
                                        String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        problem.setTitle(title);
        return problem;
    }

    /** The answer of a controller advice or an error controller, with the given headers. */
    public static ResponseEntity<Object> entity(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The answer of a controller advice or an error controller. */
    public static ResponseEntity<Object> entity(ProblemDetail problem) {
        return entity(problem, HttpHeaders.EMPTY);
    }

    /**
     * The problem as the request's answer, naming the request's path as its instance, as
     * Spring MVC does for the advice's answers.
     */
    public void write(HttpServletRequest request, HttpServletResponse response,
                      ProblemDetail problem, HttpHeaders headers) throws IOException {
        if (problem.getInstance() == null) {
            try {
                problem.setInstance(URI.create(request.getRequestURI()));
            } catch (IllegalArgumentException e) {
                // A path that is no URI is left out rather than echoed.
            }
        }
        write(response, problem, headers);
    }

    /** The problem as the answer of a request that never reached the dispatcher. */
    public void write(HttpServletResponse response, ProblemDetail problem, HttpHeaders headers)
            throws IOException {
        response.setStatus(problem.getStatus());
        headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name,
                value)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        String body = json(problem);
        // A declared length lets a client read the whole answer even when the connection is
        // closed right after it (a refused upload), instead of reading until the close.
        response.setContentLength(body.getBytes(StandardCharsets.UTF_8).length);
        response.getWriter().write(body);
    }

    /** The problem's JSON text. */
    public String json(ProblemDetail problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem could not be written as JSON", e);
        }
    }
}

package org.pointsledger.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.pointsledger.api.problems.ProblemWriter;
import org.pointsledger.api.web.FilterOrder;
import org.pointsledger.commands.CommandMetadata;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request in only with an API key that has the scope {@link ScopeRules} asks for, and
 * within the key's rate limit. The key's name then stands in the log context and in the
 * metadata of every event the request causes; the key itself goes nowhere.
 *
 * <p>It runs right after {@code RequestIds}, before anything reads the body (see
 * FilterOrder), and writes its refusals with the same ProblemWriter as the controllers' advice.
 */
@Component
@Order(FilterOrder.API_KEYS)
class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "apikey";
    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;
    private final RateLimits rateLimits;
    private final ProblemWriter problems;

    ApiKeyFilter(ApiKeys keys, RateLimits rateLimits, ProblemWriter problems) {
        this.keys = keys;
        this.rateLimits = rateLimits;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                    FilterChain chain) throws ServletException, IOException {
        String path = request.getServletPath()
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Optional<Scope> required = ScopeRules.required(request.getMethod(), path);
        if (required.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        ApiKey key;
        try {
            key = admit(request, required.get());
        } catch (Refused refused) {
            problems.write(request, response, refused.problem, refused.headers);
            return;
        }
        MDC.put(CommandMetadata.CAUSED_BY, key.name());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(CommandMetadata.CAUSED_BY);
        }
    }

    private ApiKey admit(HttpServletRequest request, Scope required) {
        String presented = presentedKey(request);
        if (presented == null) {
            throw unauthorized("An API key is required: send it in the " + HEADER
                    + " header or as Authorization: Bearer <key>.", false);
        }
        ApiKey key = (presented.length() <= KeyMaterial.KEY_LENGTH_MAX
                ? keys.authenticate(presented) : Optional.<ApiKey>empty())
                .orElseThrow(() -> unauthorized("The API key is unknown or revoked.", true));
        long retryAfterSeconds = rateLimits.tryTake(key);
        if (retryAfterSeconds > 0) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
            throw new Refused(ProblemWriter.problem(HttpStatus.TOO_MANY_REQUESTS,
                    "too-many-requests", "Too many requests", "The API key " + key.name()
                            + " is over its limit of " + key.rateLimit().requestsPerSecond()
                            + " requests per second (burst " + key.rateLimit().burst() + ")."),
                    headers);
        }
        if (!key.allows(required)) {
            throw new Refused(ProblemWriter.problem(HttpStatus.FORBIDDEN, "forbidden",
                    "Forbidden", "The API key " + key.name() + " lacks the scope "
                            + required.wireName() + " that this request needs."),
                    HttpHeaders.EMPTY);
        }
        return key;
    }

    /** 401, with the challenge RFC 6750 asks for; invalid_token when a key was sent. */
    private static Refused unauthorized(String detail, boolean keyPresented) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"points-ledger\""
                + (keyPresented ? ", error=\"invalid_token\"" : ""));
        return new Refused(ProblemWriter.problem(HttpStatus.UNAUTHORIZED, "unauthorized",
                "Unauthorized", detail), headers);
    }

    /** A request let in no further: the problem it is answered with. */
    private static final class Refused extends RuntimeException {

        private final transient ProblemDetail problem;
        private final transient HttpHeaders headers;

        Refused(ProblemDetail problem, HttpHeaders headers) {
            super(problem.getDetail(), null, false, false);
            this.problem = problem;
            this.headers = headers;
        }
    }

    private static String presentedKey(HttpServletRequest request) {
        String header = request.getHeader(HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0,
                BEARER.length()) && !authorization.substring(BEARER.length()).isBlank()) {
            return authorization.substring(BEARER.length()).trim();
        }
        return null;
    }
}

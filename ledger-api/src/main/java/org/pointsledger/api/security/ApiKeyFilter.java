package org.pointsledger.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.pointsledger.api.problems.ForbiddenException;
import org.pointsledger.api.problems.TooManyRequestsException;
import org.pointsledger.api.problems.UnauthorizedException;
import org.pointsledger.commands.CommandMetadata;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Lets a request in only with an API key that has the scope {@link ScopeRules} asks for, and
 * within the key's rate limit. The key's name then stands in the log context and in the
 * metadata of every event the request causes; the key itself goes nowhere.
 *
 * <p>It runs right after {@code RequestIds}, before anything reads the body, and answers its
 * refusals through the same problem+json mapping as the controllers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "apikey";
    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;
    private final RateLimits rateLimits;
    private final HandlerExceptionResolver problems;

    ApiKeyFilter(ApiKeys keys, RateLimits rateLimits,
                 @Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
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
        } catch (UnauthorizedException | ForbiddenException | TooManyRequestsException refused) {
            if (problems.resolveException(request, response, null, refused) == null) {
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            }
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
            throw new UnauthorizedException("An API key is required: send it in the " + HEADER
                    + " header or as Authorization: Bearer <key>.", false);
        }
        ApiKey key = (presented.length() <= KeyMaterial.KEY_LENGTH_MAX
                ? keys.authenticate(presented) : Optional.<ApiKey>empty())
                .orElseThrow(() -> new UnauthorizedException(
                        "The API key is unknown or revoked.", true));
        long retryAfterSeconds = rateLimits.tryTake(key);
        if (retryAfterSeconds > 0) {
            throw new TooManyRequestsException("The API key " + key.name() + " is over its"
                    + " limit of " + key.rateLimit().requestsPerSecond() + " requests per second"
                    + " (burst " + key.rateLimit().burst() + ").", retryAfterSeconds);
        }
        if (!key.allows(required)) {
            throw new ForbiddenException("The API key " + key.name() + " lacks the scope "
                    + required.wireName() + " that this request needs.");
        }
        return key;
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

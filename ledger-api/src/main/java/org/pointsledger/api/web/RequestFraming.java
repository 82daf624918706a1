package org.pointsledger.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.pointsledger.api.problems.BodyTooLargeException;
import org.pointsledger.api.problems.ProblemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the envelope of a request before anything reads it, just after the API key is
 * checked (so a caller without a key learns nothing more than 401; see FilterOrder). Refuses
 * an API request whose Accept allows no JSON (406), a Content-Type that is a wildcard (415),
 * and a body larger than {@code ledger.limits.max-request-body} (413): at once when its
 * Content-Length says so, else (a chunked body) as soon as one byte too many has been read. Bytes are counted as the
 * body is read; nothing is buffered here.
 *
 * <p>The default, 8 MiB, fits the largest bulk the API takes: 1000 items with every string at
 * its length limit and every character of the free texts written as a six-byte {@code \\uXXXX}
 * escape comes to about 7.2 MB (as raw three-byte UTF-8, 3.8 MB); see
 * RequestLimitsApiTest.
 */
@Component
@Order(FilterOrder.REQUEST_FRAMING)
public class RequestFraming extends OncePerRequestFilter {

    private static final String API_PATH = "/api/";
    public static final String MAX_REQUEST_BODY_PROPERTY = "ledger.limits.max-request-body";

    private final long maxRequestBodyBytes;
    private final ProblemWriter problems;

    public RequestFraming(@Value("${" + MAX_REQUEST_BODY_PROPERTY + ":8MB}") DataSize limit,
                          ProblemWriter problems) {
        this.maxRequestBodyBytes = limit.toBytes();
        this.problems = problems;
    }

    public long maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                    FilterChain chain) throws ServletException, IOException {
        if (request.getContentLengthLong() > maxRequestBodyBytes) {
            refuse(response, HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large",
                    "Request body too large", BodyTooLargeException.detail(maxRequestBodyBytes));
            return;
        }
        if (!isConcrete(request.getContentType())) {
            // Spring would fail on it with an IllegalArgumentException, a 500: refuse it here.
            refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type", "Unsupported Media Type",
                    "The Content-Type must name one media type, such as application/json.");
            return;
        }
        if (request.getRequestURI().startsWith(API_PATH) && !acceptsJson(request.getHeader(
                HttpHeaders.ACCEPT))) {
            // Refused before the controller runs: found only when the answer is written, a
            // write would already have been applied.
            refuse(response, HttpStatus.NOT_ACCEPTABLE, "not-acceptable",
                    "Not Acceptable", "The API answers application/json and"
                            + " application/problem+json; the Accept header allows neither.");
            return;
        }
        chain.doFilter(new CountedRequest(request, maxRequestBodyBytes), response);
    }

    /** An absent Accept header, or one that allows JSON or problem+json. */
    private static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(type ->
                    type.isCompatibleWith(MediaType.APPLICATION_JSON)
                            || type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** A Content-Type that is absent, or one media type without wildcards. */
    private static boolean isConcrete(String contentType) {
        if (contentType == null) {
            return true;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return true;
        }
    }

    /** The problem, written here: the request never reaches the dispatcher. */
    private void refuse(HttpServletResponse response, HttpStatus status, String type,
                        String title, String detail) throws IOException {
        HttpHeaders headers = new HttpHeaders();
        // The unread body is not worth receiving: close the connection after this answer.
        headers.set(HttpHeaders.CONNECTION, "close");
        problems.write(response, ProblemWriter.problem(status, type, title, detail), headers);
        // Send the answer now, before the container drains or drops the unread body: a client
        // still uploading then has the answer before the connection closes under it.
        response.flushBuffer();
    }

    private static final class CountedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream counted;

        CountedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new CountedInputStream(super.getInputStream(), limit);
            }
            return counted;
        }
    }

    private static final class CountedInputStream extends ServletInputStream {

        private final ServletInputStream body;
        private final long limit;
        private long read;

        CountedInputStream(ServletInputStream body, long limit) {
            this.body = body;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int next = body.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = body.read(buffer, offset, length);
            if (count > 0) {
                count(count);
            }
            return count;
        }

        private void count(int bytes) throws BodyTooLargeException {
            read += bytes;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return body.available();
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}

package org.pointsledger.api.problems;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.pointsledger.domain.account.InsufficientPointsException;
import org.pointsledger.domain.account.InvalidTransactionException;
import org.pointsledger.domain.account.LedgerRuleViolation;
import org.pointsledger.domain.account.Points;
import org.pointsledger.domain.errors.Conflict;
import org.pointsledger.domain.errors.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API, in one place, as application/problem+json (RFC 9457). No answer
 * carries a stack trace, an SQL fragment or a class name.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Object> invalid(InvalidRequestException exception) {
        return invalid(exception.errors());
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<Object> badRequest(BadRequestException exception) {
        return answer(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", exception.getMessage());
    }

    /** Lost an append race more often than the retries allow: safe to send again. */
    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ResponseEntity<Object> busy(RuntimeException exception) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy",
                "The account was changed concurrently; nothing was applied. Send it again.");
        return ProblemWriter.entity(problem, retryAfter(1));
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Object> notFound(NotFound exception) {
        return answer(HttpStatus.NOT_FOUND, "not-found", "Not found", exception.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<Object> accountNotFound(AggregateNotFoundException exception) {
        return answer(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "Point account not found: " + exception.getAggregateIdentifier());
    }

    @ExceptionHandler(Conflict.class)
    ResponseEntity<Object> conflict(Conflict exception) {
        return answer(HttpStatus.CONFLICT, "conflict", "Conflict", exception.getMessage());
    }

    @ExceptionHandler(InsufficientPointsException.class)
    ResponseEntity<Object> insufficient(InsufficientPointsException exception) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "insufficient-points",
                "Insufficient points", exception.getMessage());
        problem.setProperty("availableBalance", Points.canonical(exception.availableBalance()));
        return respond(problem);
    }

    @ExceptionHandler(LedgerRuleViolation.class)
    ResponseEntity<Object> ruleViolation(LedgerRuleViolation exception) {
        return answer(HttpStatus.CONFLICT, "conflict", "Conflict", exception.getMessage());
    }

    @ExceptionHandler(InvalidTransactionException.class)
    ResponseEntity<Object> invalidTransaction(InvalidTransactionException exception) {
        return answer(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                exception.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException exception) {
        return invalid(List.of(new FieldProblem(exception.getName(), "is not a valid value")));
    }

    /** Seconds a client should wait before sending again while the database is unreachable. */
    static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception exception) {
        if (DatabaseUnavailable.isCause(exception)) {
            return databaseUnavailable(exception);
        }
        LOG.error("Unexpected failure", exception);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The ledger could not complete the request; nothing was acknowledged.");
    }

    /**
     * The database cannot be reached (stopped, restarting, network down). Whether a write that
     * met this was committed is not always known, so the answer says to send it again: with its
     * transactionId or Idempotency-Key it is applied at most once.
     */
    private static ResponseEntity<Object> databaseUnavailable(Exception exception) {
        LOG.warn("Database unavailable: {}", exception.toString());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "Database unavailable", "The ledger's database cannot be reached. Send the"
                        + " request again later; a write with a transactionId or an"
                        + " Idempotency-Key is applied at most once.");
        return ProblemWriter.entity(problem, retryAfter(DATABASE_RETRY_AFTER_SECONDS));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException exception, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        Throwable cause = exception.getCause();
        for (Throwable reason = cause; reason != null; reason = reason.getCause()) {
            if (reason instanceof BodyTooLargeException tooLarge) {
                return answer(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large",
                        "Request body too large", tooLarge.getMessage());
            }
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return invalid(List.of(
                    new FieldProblem(JsonFields.fieldOf(mapping), "has the wrong type or format")));
        }
        String message = cause instanceof JsonProcessingException
                ? "is not valid JSON of the expected shape" : "is required";
        return invalid(List.of(new FieldProblem(JsonFields.fieldOf(cause), message)));
    }

    /**
     * A body that is not JSON (text/plain, a form, none declared): the README's
     * {@code unsupported-media-type}, as for the wildcards RequestFraming refuses, rather than
     * the framework's {@code about:blank}.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException exception, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return ProblemWriter.entity(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type", "Unsupported Media Type",
                "The body must be application/json."), headers);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException exception, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return invalid(List.of(new FieldProblem(exception.getParameterName(), "is required")));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body,
            HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response =
                super.handleExceptionInternal(exception, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            return ProblemWriter.entity(problem, response.getHeaders());
        }
        return response;
    }

    private static ResponseEntity<Object> invalid(List<FieldProblem> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request",
                "Invalid request", new InvalidRequestException(errors).getMessage());
        problem.setProperty("errors", errors);
        return respond(problem);
    }

    private static ResponseEntity<Object> answer(HttpStatus status, String type, String title,
                                                 String detail) {
        return respond(problem(status, type, title, detail));
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title,
                                         String detail) {
        return ProblemWriter.problem(status, type, title, detail);
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ProblemWriter.entity(problem);
    }

    private static HttpHeaders retryAfter(long seconds) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return headers;
    }
}

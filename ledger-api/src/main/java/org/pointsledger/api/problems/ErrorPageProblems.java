package org.pointsledger.api.problems;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The errors that never reach a controller (a filter's failure, a refusal by the servlet
 * container) answer problem+json too, in place of Spring Boot's own error body.
 */
@RestController
class ErrorPageProblems implements ErrorController {

    @RequestMapping(value = "${server.error.path:/error}",
            produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer number && HttpStatus.resolve(number) != null
                && number >= 400 ? HttpStatus.valueOf(number) : HttpStatus.NOT_FOUND;
        String reason = status.getReasonPhrase();
        return ProblemWriter.entity(ProblemWriter.problem(status,
                reason.toLowerCase().replace(' ', '-'), reason, status.is5xxServerError()
                        ? "The ledger could not complete the request; nothing was acknowledged."
                        : "The request cannot be served: " + reason + "."));
    }
}

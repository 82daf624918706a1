package org.pointsledger.api.problems;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects every problem of a request before answering, so the client sees them all at once. */
public final class RequestValidation {

    private final List<FieldProblem> problems = new ArrayList<>();

    public RequestValidation require(boolean condition, String field, String message) {
        if (!condition) {
            problems.add(new FieldProblem(field, message));
        }
        return this;
    }

    public RequestValidation text(String value, String field, boolean required, int lengthMax) {
        if (value == null) {
            return require(!required, field, "is required");
        }
        require(!required || !value.isBlank(), field, "must not be blank");
        return require(value.length() <= lengthMax, field,
                "must be at most " + lengthMax + " characters");
    }

    public RequestValidation matches(String value, Pattern pattern, String field, String message) {
        return require(value == null || pattern.matcher(value).matches(), field, message);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    public List<FieldProblem> problems() {
        return List.copyOf(problems);
    }

    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }
}

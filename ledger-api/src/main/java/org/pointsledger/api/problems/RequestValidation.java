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
        require(value.length() <= lengthMax, field,
                "must be at most " + lengthMax + " characters");
        return require(isPlainText(value), field, "must be text without control characters"
                + " (tab and line breaks excepted) or broken surrogate pairs");
    }

    /**
     * Text the ledger can store and give back unchanged: no control characters but tab, line
     * feed and carriage return (PostgreSQL cannot store NUL at all), and no UTF-16 surrogate
     * without its pair (it has no UTF-8 form and would be stored as '?').
     */
    static boolean isPlainText(String value) {
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            if (Character.isISOControl(character) && character != '\t' && character != '\n'
                    && character != '\r') {
                return false;
            }
            if (Character.isHighSurrogate(character)) {
                if (index + 1 >= value.length()
                        || !Character.isLowSurrogate(value.charAt(index + 1))) {
                    return false;
                }
                index++;
            } else if (Character.isLowSurrogate(character)) {
                return false;
            }
        }
        return true;
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

package org.pointsledger.api.problems;

import java.util.List;

/** The request is malformed: 400, naming every field that is wrong. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldProblem> errors;

    public InvalidRequestException(List<FieldProblem> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    private static String summary(List<FieldProblem> errors) {
        StringBuilder text = new StringBuilder();
        for (FieldProblem error : errors) {
            text.append(text.isEmpty() ? "" : "; ").append(error.field()).append(' ')
                    .append(error.message());
        }
        return text.toString();
    }
}

package org.pointsledger.api.problems;

/** One thing wrong with one field of a request. */
public record FieldProblem(String field, String message) {
}

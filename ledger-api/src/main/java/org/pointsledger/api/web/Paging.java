package org.pointsledger.api.web;

import org.pointsledger.api.problems.RequestValidation;

/** The offset and count of a list read, checked against their limits. */
public record Paging(int offset, int count) {

    public static final int PAGE_COUNT_DEFAULT = 100;
    public static final int PAGE_COUNT_MAX = 1000;
    /** Deeper than this a client should narrow its query instead of paging. */
    public static final int PAGE_OFFSET_MAX = 1_000_000;

    public static Paging parse(String offsetText, String countText, RequestValidation validation) {
        Integer offset = number(offsetText, 0, "offset", 0, PAGE_OFFSET_MAX, validation);
        Integer count = number(countText, PAGE_COUNT_DEFAULT, "count", 1, PAGE_COUNT_MAX,
                validation);
        return new Paging(offset == null ? 0 : offset, count == null ? 1 : count);
    }

    private static Integer number(String text, int fallback, String field, int min, int max,
                                  RequestValidation validation) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            validation.require(value >= min && value <= max, field,
                    "must be between " + min + " and " + max);
            return value;
        } catch (NumberFormatException e) {
            validation.require(false, field, "must be a whole number");
            return null;
        }
    }
}

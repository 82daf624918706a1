package org.pointsledger.api.web;

import org.springframework.core.Ordered;

/**
 * The order of every servlet filter of the API, in one place. Each filter names its constant
 * in its {@code @Order}; a new filter takes its place here.
 *
 * <ol>
 *   <li>{@code ledger.RequestIds}: every answer, a refusal too, carries its request id;</li>
 *   <li>{@code security.ApiKeyFilter}: a caller without a key learns nothing more than 401;</li>
 *   <li>{@link RequestFraming}: Accept, Content-Type and body size, before anything reads the
 *   body.</li>
 * </ol>
 */
public final class FilterOrder {

    public static final int REQUEST_IDS = Ordered.HIGHEST_PRECEDENCE;
    public static final int API_KEYS = REQUEST_IDS + 1;
    public static final int REQUEST_FRAMING = API_KEYS + 1;

    private FilterOrder() {
    }
}

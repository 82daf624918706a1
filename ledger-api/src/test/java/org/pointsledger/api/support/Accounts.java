package org.pointsledger.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.common.caching.Cache;

/** Accounts for tests: opened through the API, and held in this node's aggregate cache. */
public final class Accounts {

    private static final int CACHE_ATTEMPTS_MAX = 5;

    private Accounts() {
    }

    /** Opens (or finds) the contact's account of definition 1; answers its id. */
    public static String open(Api api, String contactId) {
        Api.Response opened = api.post("/api/v3/point-accounts",
                "{\"contactId\":\"" + contactId + "\",\"definitionId\":1}");
        assertThat(opened.status()).as(opened.text()).isIn(200, 201);
        return opened.json().path("id").asText();
    }

    /**
     * The cache holds accounts by weak reference; a collection may drop the entry, so the
     * account is loaded again (opening it a second time changes nothing) until it is held.
     * Keep the answer reachable for as long as the entry must stay.
     */
    public static Object holdCached(Api api, Cache cache, String contactId, String accountId) {
        for (int attempt = 0; attempt < CACHE_ATTEMPTS_MAX; attempt++) {
            Object cached = cache.get(accountId);
            if (cached != null) {
                return cached;
            }
            open(api, contactId);
        }
        throw new AssertionError("the account never stayed in this node's cache");
    }
}

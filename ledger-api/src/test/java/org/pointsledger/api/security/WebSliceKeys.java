package org.pointsledger.api.security;

import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The API keys of the web slices: the real key check (ApiKeys, its rate limits and its
 * properties) over a fixed set of keys given in configuration (see LedgerWebSliceTest), and no
 * stored keys. The table of stored keys is the one seam: this one holds none and reads no
 * database; minting or revoking a key would still write through the slice's database, a
 * tripwire.
 */
@TestConfiguration
@Import({ApiKeys.class, SecurityConfiguration.class})
public class WebSliceKeys {

    @Bean
    ApiKeyTable apiKeyTable(JdbcTemplate tripwire) {
        return new NoStoredKeys(tripwire);
    }

    /** The stored keys of a ledger that has minted none. */
    static final class NoStoredKeys extends ApiKeyTable {

        NoStoredKeys(JdbcTemplate tripwire) {
            super(tripwire);
        }

        @Override
        List<ActiveKey> active() {
            return List.of();
        }

        @Override
        int activeCount() {
            return 0;
        }

        @Override
        List<StoredKey> page(int offset, int count) {
            return List.of();
        }

        @Override
        long count() {
            return 0;
        }
    }
}

package org.pointsledger.api.security;

import java.util.EnumSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A new user who starts the service on its embedded H2 default has no key yet. So that the
 * ledger is usable at once and still closed to everyone else, it then mints one key with every
 * scope and prints it once in the log, with how to use it; only its hash is stored, so the next
 * start finds a key and mints nothing. On PostgreSQL nothing is minted: production keys come
 * from configuration, the bootstrap key, or an admin.
 */
@Component
class EmbeddedAdminKey implements ApplicationRunner {

    /**
     * Names are unique forever; should this key be revoked and the ledger left with none, the
     * next start mints another under a new name.
     */
    static final String NAME_PREFIX = "embedded-admin-";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAdminKey.class);

    private final ApiKeys keys;
    private final Environment environment;

    EmbeddedAdminKey(ApiKeys keys, Environment environment) {
        this.keys = keys;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        boolean embedded = environment.getProperty("spring.datasource.url", "")
                .startsWith("jdbc:h2:");
        if (keys.anyKeyExists()) {
            return;
        }
        if (!embedded) {
            LOG.warn("No API key is configured: every /api/v3 request will be refused. Set"
                    + " LEDGER_BOOTSTRAP_API_KEY or ledger.security.api-keys.");
            return;
        }
        String name = NAME_PREFIX + UUID.randomUUID().toString().substring(0, 8);
        ApiKeys.Minted minted = keys.mint(name, EnumSet.allOf(Scope.class), null, null);
        String port = environment.getProperty("local.server.port",
                environment.getProperty("server.port", "8080"));
        LOG.warn("""
                No API key was configured, so this embedded ledger made one with every scope.\
                 It is shown only this once and stored only as a hash; keep it:
                    ledger API key: {}
                Send it in the apikey header, for example:
                    curl -H 'apikey: {}' http://localhost:{}/api/v3/point-accounts/definitions""",
                minted.key(), minted.key(), port);
    }
}

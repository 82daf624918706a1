package org.pointsledger.api;

import org.pointsledger.api.rebuild.RebuildCommandLine;
import org.pointsledger.eventstore.EventStoreConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The points ledger service: the points API v3 over an event-sourced ledger. The event store
 * comes from its module's one configuration, imported here.
 */
@SpringBootApplication(scanBasePackages = "org.pointsledger")
@EnableScheduling
@Import(EventStoreConfiguration.class)
public class LedgerApplication {

    /** Serves the API; with {@code --rebuild-projections}, rebuilds the read models and exits. */
    public static void main(String[] args) {
        if (RebuildCommandLine.isRequested(args)) {
            System.exit(RebuildCommandLine.run(LedgerApplication.class, args));
        }
        SpringApplication.run(LedgerApplication.class, args);
    }
}

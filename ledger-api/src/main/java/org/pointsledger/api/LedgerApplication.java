package org.pointsledger.api;

import org.pointsledger.api.rebuild.RebuildCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The points ledger service: the points API v3 over an event-sourced ledger. It carries no
 * configuration of its own: a test slice (the web slices of the tests) boots from this class
 * too, and would get whatever it declared. The event store is imported by AxonConfiguration,
 * scheduling is enabled by SchedulingConfiguration.
 */
@SpringBootApplication(scanBasePackages = "org.pointsledger")
public class LedgerApplication {

    /** Serves the API; with {@code --rebuild-projections}, rebuilds the read models and exits. */
    public static void main(String[] args) {
        if (RebuildCommandLine.isRequested(args)) {
            System.exit(RebuildCommandLine.run(LedgerApplication.class, args));
        }
        SpringApplication.run(LedgerApplication.class, args);
    }
}

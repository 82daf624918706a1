package org.pointsledger.benchmark;

import java.util.List;

/**
 * How the service is started for a run. The naive baseline switches off what keeps a
 * command's cost flat as an account's history grows (the aggregate cache and snapshots), so
 * every command replays its account's whole history: the column issue 10 asks to keep.
 */
enum Configuration {

    SHIPPED("this service", "main", List.of()),
    NAIVE("naive baseline", "naive", List.of("--ledger.aggregate.cache-enabled=false",
            "--ledger.aggregate.snapshot-threshold-events=0"));

    private final String title;
    private final String shortName;
    private final List<String> arguments;

    Configuration(String title, String shortName, List<String> arguments) {
        this.title = title;
        this.shortName = shortName;
        this.arguments = arguments;
    }

    String title() {
        return title;
    }

    /** Names the run's database, directory and log lines. */
    String shortName() {
        return shortName;
    }

    /** Spring properties on the service's command line. */
    List<String> arguments() {
        return arguments;
    }
}

package org.pointsledger.benchmark;

import java.time.Duration;
import java.util.Locale;

/**
 * How big a run is. {@link #FULL} is the shape of issue 10's targets; {@link #SMALL} runs the
 * same workloads and checks at a size the build can afford, where only exactness counts.
 *
 * @param poolAccounts accounts made before the measured work: the existing half of each bulk
 *                     request, and the accounts the single adds and the reads go to
 * @param bulkRequests measured bulk requests
 * @param bulkItemsPerRequest items per bulk request, each for a different contact
 * @param bulkClients concurrent clients sending the bulk requests
 * @param wrkConnections concurrent connections of the single adds and the reads
 * @param wrkThreads wrk's threads for those connections
 * @param wrkDuration how long each measured wrk (and pgbench) run lasts
 * @param wrkWarmup an unmeasured wrk run before each measured one, to warm the service's JIT
 * @param hotAccountEvents additions given to the hot account before its single adds
 * @param hotAccountSamples single adds measured into the hot account, and as many into fresh
 *                          accounts
 * @param naiveHotAccountSamples the same for the naive baseline, whose adds into the hot
 *                               account replay its whole history each (seconds apiece:
 *                               ten keep the full run near a quarter of an hour)
 * @param naiveByDefault whether the naive baseline runs unless told otherwise
 * @param statisticsSettle how long a cost reading waits for PostgreSQL's counters (see
 *                         {@link CostMeter}); the small size does not wait, its costs are
 *                         printed but never read
 */
record Size(String name, int poolAccounts, int bulkRequests, int bulkItemsPerRequest,
            int bulkClients, int wrkConnections, int wrkThreads, Duration wrkDuration,
            Duration wrkWarmup, int hotAccountEvents, int hotAccountSamples,
            int naiveHotAccountSamples, boolean naiveByDefault, Duration statisticsSettle) {

    /** The most items the service takes in one bulk request. */
    static final int BULK_ITEMS_MAX = 1000;

    static final Size FULL = new Size("full", 2_000, 30, 1000, 4, 32, 2, Duration.ofSeconds(30),
            Duration.ofSeconds(5), 50_000, 200, 10, true, Duration.ofMillis(1500));

    static final Size SMALL = new Size("small", 200, 3, 100, 4, 4, 2, Duration.ofSeconds(2),
            Duration.ofSeconds(1), 2_000, 20, 5, false, Duration.ZERO);

    Size {
        if (bulkItemsPerRequest < 2 || bulkItemsPerRequest > BULK_ITEMS_MAX) {
            throw new IllegalArgumentException("bulk items per request: 2 to " + BULK_ITEMS_MAX);
        }
        if (poolAccounts < bulkItemsPerRequest / 2 + 2 * specialItemsPerRequest(
                bulkItemsPerRequest)) {
            throw new IllegalArgumentException("too few pool accounts for distinct contacts");
        }
        if (wrkThreads > wrkConnections) {
            throw new IllegalArgumentException("wrk needs a connection per thread at least");
        }
    }

    /**
     * This size with another number of concurrent connections for the single adds, the reads
     * and pgbench: for a server that cannot spare issue 10's 32 (see {@link PostgresServer}).
     */
    Size withConnections(int connections) {
        return new Size(name + " with " + connections + " connections", poolAccounts,
                bulkRequests, bulkItemsPerRequest, bulkClients, connections,
                Math.min(wrkThreads, connections), wrkDuration, wrkWarmup, hotAccountEvents,
                hotAccountSamples, naiveHotAccountSamples, naiveByDefault, statisticsSettle);
    }

    static Size named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "full" -> FULL;
            case "small" -> SMALL;
            default -> throw new IllegalArgumentException(
                    "benchmark.size must be full or small, not " + name);
        };
    }

    /**
     * Items of each special kind in a bulk request (an exact repeat of an earlier item, a
     * reused transactionId with other content, a duplicate within the request): one in 200.
     */
    int specialItemsPerRequest() {
        return specialItemsPerRequest(bulkItemsPerRequest);
    }

    private static int specialItemsPerRequest(int items) {
        return Math.max(1, items / 200);
    }
}

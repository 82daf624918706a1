package org.pointsledger.benchmark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Latencies measured by the benchmark's own clients, in nanoseconds, and their percentiles. */
final class Latencies {

    private final List<Long> sorted;

    Latencies(Collection<Long> nanos) {
        if (nanos.isEmpty()) {
            throw new IllegalArgumentException("no latencies");
        }
        this.sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
    }

    int count() {
        return sorted.size();
    }

    /** The nearest-rank percentile ({@code fraction} 0.5 is the median), in milliseconds. */
    double percentileMillis(double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1_000_000.0;
    }

    double medianMillis() {
        return percentileMillis(0.5);
    }

    double maxMillis() {
        return sorted.get(sorted.size() - 1) / 1_000_000.0;
    }
}

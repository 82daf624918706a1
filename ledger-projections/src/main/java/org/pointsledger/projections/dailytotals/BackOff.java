package org.pointsledger.projections.dailytotals;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an event's update again a few times, waiting longer each time, and then lets the last
 * failure through, so that the processor's dead-letter queue parks the event. Never swallows a
 * failure: an event is either applied or parked, not passed over.
 *
 * <p>It lives in the handler because Axon's dead-lettering invoker takes no listener error
 * handler: a failure there is parked at once. Waiting holds the segment's thread, which is the
 * point: later events of the same sequence must not overtake the failing one. The total wait is
 * bounded by the retries and the delay cap.
 */
record BackOff(int retriesMax, Duration firstDelay, Duration delayMax) {

    private static final Logger LOG = LoggerFactory.getLogger(BackOff.class);

    BackOff {
        if (retriesMax < 0 || firstDelay.isNegative() || delayMax.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("retries must be >= 0 and 0 <= first <= max delay");
        }
    }

    void run(String what, Runnable attempt) {
        Duration delay = firstDelay;
        for (int retry = 1; ; retry++) {
            try {
                attempt.run();
                return;
            } catch (RuntimeException failure) {
                if (retry > retriesMax) {
                    LOG.error("{} still fails after {} retries; it goes to the dead-letter queue",
                            what, retriesMax, failure);
                    throw failure;
                }
                LOG.warn("{} failed; retry {} of {} in {} ms: {}", what, retry, retriesMax,
                        delay.toMillis(), failure.getMessage());
            }
            sleep(delay);
            Duration doubled = delay.multipliedBy(2);
            delay = doubled.compareTo(delayMax) > 0 ? delayMax : doubled;
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", interrupted);
        }
    }
}

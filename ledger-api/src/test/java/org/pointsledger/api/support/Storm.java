package org.pointsledger.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Racing requests: many threads released together, each sending its share of them. */
public final class Storm {

    private Storm() {
    }

    /**
     * Sends requests number 0 to {@code total - 1} from {@code threads} threads that all start
     * at once (thread t sends t, t + threads, ...), and answers the responses in the order of
     * the request numbers. The whole storm is bounded by {@code max}, so a deadlock fails the
     * test instead of hanging it.
     */
    public static <T> List<T> of(int threads, int total, Duration max, IntFunction<T> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Object[] responses = new Object[total];
            List<Future<?>> workers = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int first = thread;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int number = first; number < total; number += threads) {
                        responses[number] = request.apply(number);
                    }
                    return null;
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + max.toNanos();
            for (Future<?> worker : workers) {
                worker.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            assertThat(responses).as("an answer to every request").doesNotContainNull();
            @SuppressWarnings("unchecked")
            List<T> answers = (List<T>) Arrays.asList(responses);
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}

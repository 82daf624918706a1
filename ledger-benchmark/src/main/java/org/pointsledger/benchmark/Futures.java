package org.pointsledger.benchmark;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the benchmark's own client threads, their failures passed on unchanged. */
final class Futures {

    private Futures() {
    }

    static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}

package org.pointsledger.benchmark;

/**
 * An answer of the service was not exactly what the benchmark expected: a balance off by any
 * amount, a refused item that should have been taken, a non-2xx where none may be. A figure
 * measured over wrong answers means nothing, so the run stops and exits non-zero.
 */
final class CheckFailed extends RuntimeException {

    CheckFailed(String message) {
        super(message);
    }

    /** Fails with {@code message} unless {@code holds}. */
    static void unless(boolean holds, String message) {
        if (!holds) {
            throw new CheckFailed(message);
        }
    }
}

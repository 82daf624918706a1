package org.pointsledger.api.rebuild;

import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.stereotype.Component;

/**
 * Lets a rebuild hold off this node's writers for its final step. Every command holds a shared
 * hold from the start of its handling until its unit of work is cleaned up (after its commit),
 * so when {@link #holdingWritersOff} has the exclusive hold, no command of this JVM is between
 * appending its events and committing them, and none starts. This is what holds writers off
 * on H2, which has no LOCK TABLE (an embedded H2 file serves one JVM only); on PostgreSQL the
 * rebuild also locks the event table against other nodes.
 */
@Component
class WriterGate {

    private final StampedLock lock = new StampedLock();

    WriterGate(CommandBus commandBus) {
        if (commandBus instanceof org.axonframework.messaging.MessageHandlerInterceptorSupport<?>) {
            @SuppressWarnings("unchecked")
            var interceptors = (org.axonframework.messaging.MessageHandlerInterceptorSupport<
                    CommandMessage<?>>) commandBus;
            interceptors.registerHandlerInterceptor(hold());
        } else {
            throw new IllegalStateException("cannot hold writers off on " + commandBus);
        }
    }

    private MessageHandlerInterceptor<CommandMessage<?>> hold() {
        return (unitOfWork, chain) -> {
            long stamp = lock.readLock();
            unitOfWork.onCleanup(done -> lock.unlockRead(stamp));
            return chain.proceed();
        };
    }

    /** Runs {@code work} once no command of this JVM is in flight, and lets none start meanwhile. */
    <T> T holdingWritersOff(Supplier<T> work) {
        long stamp = lock.writeLock();
        try {
            return work.get();
        } finally {
            lock.unlockWrite(stamp);
        }
    }
}

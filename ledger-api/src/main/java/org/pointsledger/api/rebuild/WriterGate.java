package org.pointsledger.api.rebuild;

import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Lets a rebuild hold off this node's writers for its final step. Every command holds a shared
 * hold from the start of its handling until its root unit of work is cleaned up (after its
 * commit), so when {@link #holdingWritersOff} has the exclusive hold, no command of this JVM
 * is between appending its events and committing them, and none starts. This is what holds
 * writers off on H2, which has no LOCK TABLE (an embedded H2 file serves one JVM only); on
 * PostgreSQL the rebuild also locks the event table against other nodes.
 */
@Component
class WriterGate {

    /** Marks a root unit of work that holds the gate already. */
    private static final String HOLD_RESOURCE = WriterGate.class.getName() + ".hold";

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

    /**
     * One hold per root unit of work: the commands of a batch (LedgerCommands.sendTogether) are
     * nested in one, whose events are appended at its commit, so the first of them takes the
     * hold for all until the root is cleaned up. A hold per command would also deadlock: a
     * rebuild waiting for the exclusive hold makes new shared holds wait behind it, while the
     * batch already holds shared ones that only its end releases.
     */
    private MessageHandlerInterceptor<CommandMessage<?>> hold() {
        return (unitOfWork, chain) -> {
            UnitOfWork<?> root = unitOfWork.root();
            if (root.resources().putIfAbsent(HOLD_RESOURCE, Boolean.TRUE) == null) {
                long stamp = lock.readLock();
                root.onCleanup(done -> lock.unlockRead(stamp));
            }
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

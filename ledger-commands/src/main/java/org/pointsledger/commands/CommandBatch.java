package org.pointsledger.commands;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.pointsledger.domain.errors.NotFound;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Many commands in one unit of work and one database transaction: the mechanics behind
 * {@link LedgerCommands#sendTogether}.
 *
 * <p>Why: through the gateway every command is a unit of work of its own, so a bulk of 1000
 * contacts was 1000 database transactions, each with its own commit (a disk flush), its own
 * append, its own read-model batches and its own look-ups. Here one root unit of work holds a
 * database transaction, and each command is dispatched on this thread, where Axon's
 * SimpleCommandBus handles it in a unit of work nested in the root, joining its transaction
 * (SpringTransactionManager starts a nested one as "required"). Axon then does the rest:
 * <ul>
 *   <li>a nested unit of work hands its events to the root's queue when it commits, and the
 *       root appends them all at its own prepare-commit, in one call to the storage engine
 *       (one JDBC batch, hash-chained in one pass), before the subscribing projections see
 *       them and write their rows, which ReadModelWrites sends as one batch per table at the
 *       database commit;
 *   <li>the repository keeps each account in the root unit of work, so a second command on an
 *       account sees the first one's effects, and holds its lock until the root is cleaned up;
 *   <li>a command that throws rolls back only its nested unit of work and its events. Its
 *       account leaves the root's keeping with it; a later command on that account loads it
 *       again, and Axon's event store replays the events still queued in the root after the
 *       stored ones, so it sees the effects of the batch's earlier commands.
 * </ul>
 * When the root fails to commit (a lost append race, a duplicate claim, a read model's refusal,
 * the database gone), it rolls back as a whole, and the rollback reaches every nested unit of
 * work, whose repository then evicts its account from the cache: nothing of the batch is kept
 * anywhere, and the caller learns it from {@link BatchNotCommitted}.
 */
final class CommandBatch {

    /** SQLStates of contention: unique key taken, deadlock, serialization failure. */
    private static final Set<String> CONTENTION_SQL_STATES = Set.of("23505", "40P01", "40001");
    /** Causes followed at most: a guard against a cause chain that loops. */
    private static final int CAUSES_MAX = 20;

    private final CommandBus commandBus;
    private final TransactionManager transactionManager;

    CommandBatch(CommandBus commandBus, TransactionManager transactionManager) {
        this.commandBus = commandBus;
        this.transactionManager = transactionManager;
    }

    /** Handles the commands in order, in one transaction; answers each one's outcome. */
    List<CommandOutcome> handle(List<CommandMessage<?>> commands) {
        if (CurrentUnitOfWork.isStarted()
                || TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a batch commits on its own: it cannot join a"
                    + " unit of work or a transaction that is already running");
        }
        // The root's message is the batch itself: the repository reads from it which accounts
        // to look up in the store at once (StoreCheckedCachingRepository).
        UnitOfWork<Message<?>> root = DefaultUnitOfWork.startAndGet(
                new GenericMessage<>(List.copyOf(commands)));
        try {
            root.attachTransaction(transactionManager);
        } catch (RuntimeException failure) {
            // attachTransaction has rolled the root back already.
            throw new BatchNotCommitted(reasonFor(failure), failure);
        }
        List<CommandOutcome> outcomes = new ArrayList<>(commands.size());
        try {
            for (CommandMessage<?> command : commands) {
                outcomes.add(dispatch(command));
            }
        } catch (Error failure) {
            root.rollback(failure);
            throw failure;
        } catch (RuntimeException failure) {
            root.rollback(failure);
            throw new BatchNotCommitted(reasonFor(failure), failure);
        }
        try {
            root.commit();
        } catch (RuntimeException failure) {
            throw new BatchNotCommitted(reasonFor(failure), failure);
        }
        return outcomes;
    }

    /**
     * Dispatches on this thread: SimpleCommandBus handles the command before it returns, in a
     * unit of work nested in the batch's. Anything that fails the batch as a whole (an Error,
     * or a bus that answers later) is thrown, to roll the batch back.
     */
    private CommandOutcome dispatch(CommandMessage<?> command) {
        FutureCallback<Object, Object> callback = new FutureCallback<>();
        commandBus.dispatch(command, callback);
        if (!callback.isDone()) {
            throw new IllegalStateException("the command bus must handle a batch's commands on"
                    + " the caller's thread, and " + commandBus.getClass().getName()
                    + " did not");
        }
        CommandResultMessage<?> result = callback.getResult();
        if (!result.isExceptional()) {
            return CommandOutcome.applied(result.getPayload());
        }
        Throwable refusal = result.exceptionResult();
        if (refusal instanceof Error error) {
            throw error;
        }
        if (refusal instanceof AggregateNotFoundException missing) {
            return CommandOutcome.refused(new NotFound(
                    "Point account not found: " + missing.getAggregateIdentifier()));
        }
        return CommandOutcome.refused(refusal instanceof RuntimeException runtime ? runtime
                : new IllegalStateException(refusal));
    }

    /** Why a batch failed, read from the failure and its causes. */
    static BatchNotCommitted.Reason reasonFor(Throwable failure) {
        if (anyCause(failure, CommandBatch::isContention)) {
            return BatchNotCommitted.Reason.LOST_RACE;
        }
        if (anyCause(failure, cause -> cause instanceof CannotCreateTransactionException)) {
            return BatchNotCommitted.Reason.NOT_BEGUN;
        }
        return BatchNotCommitted.Reason.FAILED;
    }

    private static boolean isContention(Throwable cause) {
        if (cause instanceof ConcurrencyException
                || cause instanceof AggregateStreamCreationException
                || cause instanceof DuplicateKeyException) {
            return true;
        }
        if (cause instanceof SQLException sql) {
            for (SQLException next = sql; next != null; next = next.getNextException()) {
                if (CONTENTION_SQL_STATES.contains(next.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < CAUSES_MAX; depth++) {
            if (test.test(cause)) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }
}

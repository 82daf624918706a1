package org.pointsledger.commands;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.MetaData;
import org.pointsledger.domain.account.PointAccountCommand;
import org.springframework.stereotype.Component;

/**
 * The one door from the service to the aggregate. It keeps Axon out of the rest of the code
 * and stamps every command with who and why. A command goes through alone ({@link #send}), or
 * with others in one unit of work and one database transaction ({@link #sendTogether}).
 */
@Component
public class LedgerCommands {

    /** The most commands one batch holds: a bulk request's worth. */
    public static final int BATCH_COMMANDS_MAX = 1000;

    private final CommandGateway gateway;
    /** The same bus without the append-race retry; see {@link #sendOnce}. */
    private final CommandGateway gatewayWithoutRetry;
    private final CommandBatch batch;

    LedgerCommands(CommandGateway gateway, CommandBus commandBus,
                   TransactionManager transactionManager) {
        this.gateway = gateway;
        this.gatewayWithoutRetry = DefaultCommandGateway.builder().commandBus(commandBus).build();
        this.batch = new CommandBatch(commandBus, transactionManager);
    }

    /**
     * Sends the command on behalf of the API key of the current request (whose name the
     * API key filter puts in the log context) and waits until it is durable and its read
     * models are written.
     */
    public <R> R send(PointAccountCommand command) {
        return gateway.sendAndWait(message(StampedCommand.ofCurrentRequest(command)));
    }

    /** Sends the command on behalf of whoever its stamp names, with the append-race retry. */
    public <R> R send(StampedCommand command) {
        return gateway.sendAndWait(message(command));
    }

    /** Sends the command on behalf of the named job, e.g. the expiry sweeper. */
    public <R> R send(PointAccountCommand command, String causedBy) {
        return gateway.sendAndWait(message(StampedCommand.of(command, causedBy)));
    }

    /**
     * Sends the command once, on this thread, in the caller's database transaction: a lost
     * append race throws (ConcurrencyException) instead of being retried. For a caller that
     * holds its own transaction and row locks, such as the expiry sweeper: the gateway's retry
     * runs on another thread, in a transaction of its own, outside the caller's, where it
     * would wait on the caller's locks while the caller's own transaction is already spoiled.
     * Such a caller rolls back and tries again in a fresh transaction.
     */
    public <R> R sendOnce(PointAccountCommand command, String causedBy) {
        return gatewayWithoutRetry.sendAndWait(message(StampedCommand.of(command, causedBy)));
    }

    /** {@link #sendTogether} for commands of the current request. */
    public List<CommandOutcome> sendAll(List<? extends PointAccountCommand> commands) {
        return sendTogether(commands.stream().map(StampedCommand::ofCurrentRequest).toList());
    }

    /**
     * Sends the commands in one unit of work and one database transaction, in their order, and
     * answers each one's outcome once they are durable and their read models written: its
     * result, or the exception that refused it. A refused command applies nothing and leaves
     * the others as they are, even on the same account. The commands may come from different
     * requests: each one's events carry its own who and why.
     *
     * <p>Why: sent one by one, each command is a unit of work and a database transaction of
     * its own, and that, not the aggregate's decisions, is what a bulk request cost (see
     * {@link CommandBatch}). Together, the events of all go to the store in one batch and the
     * read models' rows in one batch per table, with one commit.
     *
     * <p>Nothing is retried here: when the transaction cannot commit, none of the commands
     * took effect and {@link BatchNotCommitted} says why; the caller settles what another
     * writer did meanwhile and sends again. Must not be called inside a transaction.
     *
     * <p>The transaction ids of a batch should be distinct, and not used before: the account
     * refuses a repeat only while the repeated lot is open, and otherwise the ledger-wide claim
     * of the id fails the whole batch at its commit. Settle them first
     * (TransactionIdempotency), as the bulk writer does.
     *
     * @throws BatchNotCommitted when nothing of the batch was committed
     */
    public List<CommandOutcome> sendTogether(List<StampedCommand> commands) {
        if (commands.size() > BATCH_COMMANDS_MAX) {
            throw new IllegalArgumentException("at most " + BATCH_COMMANDS_MAX
                    + " commands in one batch");
        }
        return batch.handle(commands.stream().<CommandMessage<?>>map(LedgerCommands::message)
                .toList());
    }

    private static CommandMessage<PointAccountCommand> message(StampedCommand stamped) {
        Map<String, Object> metadata = new HashMap<>();
        if (stamped.requestId() != null) {
            metadata.put(CommandMetadata.REQUEST_ID, stamped.requestId());
        }
        metadata.put(CommandMetadata.CAUSED_BY, stamped.causedBy());
        return GenericCommandMessage.<PointAccountCommand>asCommandMessage(stamped.command())
                .andMetaData(MetaData.from(metadata));
    }
}

package org.pointsledger.commands;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.MetaData;
import org.pointsledger.domain.account.PointAccountCommand;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The one door from the service to the aggregate. It keeps Axon's gateway out of the REST
 * code and stamps every command with who and why.
 */
@Component
public class LedgerCommands {

    /** Who acts when neither an API key nor a job names itself; no HTTP write gets here. */
    static final String UNATTRIBUTED = "unattributed";

    private final CommandGateway gateway;
    /** The same bus without the append-race retry; see {@link #sendOnce}. */
    private final CommandGateway gatewayWithoutRetry;

    LedgerCommands(CommandGateway gateway, CommandBus commandBus) {
        this.gateway = gateway;
        this.gatewayWithoutRetry = DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    /**
     * Sends the command on behalf of the API key of the current request (whose name the
     * API key filter puts in the log context) and waits until it is durable and its read
     * models are written.
     */
    public <R> R send(PointAccountCommand command) {
        String keyName = MDC.get(CommandMetadata.CAUSED_BY);
        return send(command, keyName == null ? UNATTRIBUTED : keyName);
    }

    /** Sends the command on behalf of the named job, e.g. the expiry sweeper. */
    public <R> R send(PointAccountCommand command, String causedBy) {
        return gateway.sendAndWait(withMetadata(command, causedBy));
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
        return gatewayWithoutRetry.sendAndWait(withMetadata(command, causedBy));
    }

    private static CommandMessage<PointAccountCommand> withMetadata(PointAccountCommand command,
                                                                    String causedBy) {
        Map<String, Object> metadata = new HashMap<>();
        String requestId = MDC.get(CommandMetadata.REQUEST_ID);
        if (requestId != null) {
            metadata.put(CommandMetadata.REQUEST_ID, requestId);
        }
        metadata.put(CommandMetadata.CAUSED_BY, causedBy);
        return GenericCommandMessage.<PointAccountCommand>asCommandMessage(command)
                .andMetaData(MetaData.from(metadata));
    }
}

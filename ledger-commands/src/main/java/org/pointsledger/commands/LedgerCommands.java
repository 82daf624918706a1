package org.pointsledger.commands;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
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

    LedgerCommands(CommandGateway gateway) {
        this.gateway = gateway;
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
        Map<String, Object> metadata = new HashMap<>();
        String requestId = MDC.get(CommandMetadata.REQUEST_ID);
        if (requestId != null) {
            metadata.put(CommandMetadata.REQUEST_ID, requestId);
        }
        metadata.put(CommandMetadata.CAUSED_BY, causedBy);
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.from(metadata)));
    }
}

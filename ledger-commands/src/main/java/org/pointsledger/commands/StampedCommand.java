package org.pointsledger.commands;

import java.util.function.Function;
import org.pointsledger.domain.account.PointAccountCommand;
import org.slf4j.MDC;

/**
 * A command with who and why: the request (or job run) that caused it and who sent it, which
 * its events carry in their metadata. Commands of one batch may come from different requests.
 *
 * @param requestId null when no request is known
 * @param causedBy the API key's name, or the name of a job
 */
public record StampedCommand(PointAccountCommand command, String requestId, String causedBy) {

    /** Who acts when neither an API key nor a job names itself; no HTTP write gets here. */
    static final String UNATTRIBUTED = "unattributed";

    public StampedCommand {
        if (command == null || causedBy == null) {
            throw new IllegalArgumentException("a command and who caused it are required");
        }
    }

    /**
     * The command on behalf of the current request: its id and the name of its API key, which
     * the request filters put in the log context.
     */
    public static StampedCommand ofCurrentRequest(PointAccountCommand command) {
        return forCurrentRequest().apply(command);
    }

    /**
     * Who and why of the current request, kept for a command made later on another thread
     * (see TransactionWriter: a group commit decides its commands on a thread of its own).
     */
    public static Function<PointAccountCommand, StampedCommand> forCurrentRequest() {
        String keyName = MDC.get(CommandMetadata.CAUSED_BY);
        String requestId = MDC.get(CommandMetadata.REQUEST_ID);
        String causedBy = keyName == null ? UNATTRIBUTED : keyName;
        return command -> new StampedCommand(command, requestId, causedBy);
    }

    /**
     * The command on behalf of {@code causedBy} (an API key's or a job's name), with the id of
     * the current request from the log context.
     */
    public static StampedCommand of(PointAccountCommand command, String causedBy) {
        return new StampedCommand(command, MDC.get(CommandMetadata.REQUEST_ID), causedBy);
    }
}

package org.pointsledger.commands;

/**
 * What became of one command of a batch (see {@link LedgerCommands#sendTogether}): the
 * aggregate's answer, or the exception with which it refused the command. A refused command
 * applied nothing; the batch's other commands are unaffected by it.
 *
 * @param result the command handler's answer (a {@code BulkAddResult}, a boolean, or null)
 * @param refusal null unless refused: a {@code LedgerRuleViolation}, an
 *     {@code InvalidTransactionException}, {@code NotFound} for a missing account, or whatever
 *     else the handler threw
 */
public record CommandOutcome(Object result, RuntimeException refusal) {

    static CommandOutcome applied(Object result) {
        return new CommandOutcome(result, null);
    }

    static CommandOutcome refused(RuntimeException refusal) {
        return new CommandOutcome(null, refusal);
    }

    public boolean isRefused() {
        return refusal != null;
    }
}

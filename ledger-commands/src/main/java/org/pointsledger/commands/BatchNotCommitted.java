package org.pointsledger.commands;

/**
 * A batch of commands (see {@link LedgerCommands#sendTogether}) was not committed: none of its
 * commands took effect, whatever outcomes they had been given. The caller may send the batch
 * again; after {@link Reason#LOST_RACE} it should first settle what the winner wrote (used
 * transaction ids), because that is why it lost.
 */
public class BatchNotCommitted extends RuntimeException {

    /** Why the batch was not committed. */
    public enum Reason {
        /**
         * Another writer got there first: it appended to one of the batch's accounts, claimed
         * one of its transaction ids, or deadlocked with it. Sending again can succeed.
         */
        LOST_RACE,
        /**
         * No database transaction could be begun (the database is unreachable, or no
         * connection came free in time): nothing was tried, and another batch would fare the
         * same now.
         */
        NOT_BEGUN,
        /** Anything else, such as a read model that refused one account's rows. */
        FAILED
    }

    private final Reason reason;

    BatchNotCommitted(Reason reason, Throwable cause) {
        super("batch of commands not committed (" + reason + "): " + cause, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean lostRace() {
        return reason == Reason.LOST_RACE;
    }
}

package org.pointsledger.projections;

/** The event processors of the read side. Both subscribe: they run in the writer's transaction. */
public final class ProcessingGroups {

    /** The v3 read models: accounts, lots and transactions. A rebuild replays these. */
    public static final String READ_MODELS = "ledger-read-models";
    /** The ledger-wide set of used transaction ids; never rebuilt. */
    public static final String TRANSACTION_IDS = "transaction-ids";

    private ProcessingGroups() {
    }
}

package org.pointsledger.projections;

/**
 * The event processors of the read side. The v3 read models and the transaction ids subscribe:
 * they run in the writer's transaction. The daily totals stream: they follow the event store
 * in the background, with a token, retries and a dead-letter queue.
 */
public final class ProcessingGroups {

    /** The v3 read models: accounts, lots and transactions. A rebuild replays these. */
    public static final String READ_MODELS = "ledger-read-models";
    /** The ledger-wide set of used transaction ids; never rebuilt. */
    public static final String TRANSACTION_IDS = "transaction-ids";
    /** Points per UTC day and definition, for analytics: asynchronous, never on a write's path. */
    public static final String DAILY_TOTALS = "ledger-daily-totals";

    /**
     * Numbers transactions for the change feed: one tracking segment, never rebuilt, since its
     * positions are the cursors of the feed's clients.
     */
    public static final String TRANSACTION_FEED = "ledger-transaction-feed";

    private ProcessingGroups() {
    }
}

package org.pointsledger.domain.account;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * One account's items of one bulk request, applied in one unit of work. The account is opened
 * when missing. Items that break a rule are refused one by one; the others are applied.
 */
public record BulkAdd(@TargetAggregateIdentifier AccountId accountId, String contactId,
                      int definitionId, List<TransactionDetails> items,
                      boolean negativeBalanceAllowed) implements PointAccountCommand {

    /** A bulk request holds at most this many items, and so does each account's share of it. */
    public static final int BULK_ITEMS_MAX = 1000;

    public BulkAdd {
        items = List.copyOf(items);
        if (items.size() > BULK_ITEMS_MAX) {
            throw new IllegalArgumentException("at most " + BULK_ITEMS_MAX + " items");
        }
    }
}

package org.pointsledger.commands.transactions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pointsledger.commands.LedgerCommands;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.BulkAdd;
import org.pointsledger.domain.account.BulkAddResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Applies a bulk request whose items were checked one by one: groups the good ones by account
 * and sends one {@link BulkAdd} per account. A bad item is refused alone; the others still
 * apply. It returns once every accepted item is durable.
 */
@Service
public class BulkWriter {

    /** Times a group is re-sent after losing a race for one of its transaction ids. */
    static final int GROUP_ATTEMPTS_MAX = 3;
    private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);

    private final LedgerCommands ledger;
    private final TransactionIdempotency idempotency;

    BulkWriter(LedgerCommands ledger, TransactionIdempotency idempotency) {
        this.ledger = ledger;
        this.idempotency = idempotency;
    }

    /** Applies the items in their order; afterwards each item's errors say what became of it. */
    public void apply(List<BulkItem> items) {
        Map<String, BulkItem> byTransactionId = new HashMap<>();
        for (BulkItem item : items) {
            if (item.pending() && byTransactionId.putIfAbsent(item.transactionId(),
                    item) != null) {
                item.refuse("transactionId " + item.transactionId()
                        + " appears more than once in this request");
            }
        }
        Map<AccountId, List<BulkItem>> groups = new LinkedHashMap<>();
        for (BulkItem item : items) {
            if (item.pending()) {
                groups.computeIfAbsent(item.accountId(), id -> new ArrayList<>()).add(item);
            }
        }
        applyGroups(groups.values());
    }

    /**
     * Each account's items commit on their own. When one account fails after others were
     * committed, the request is still answered, with that account's items refused as not
     * applied, so the client resends exactly those. Only when no account could be written at
     * all does the request fail as a whole (nothing was acknowledged).
     */
    private void applyGroups(Collection<List<BulkItem>> groups) {
        RuntimeException firstFailure = null;
        boolean anyApplied = false;
        for (List<BulkItem> group : groups) {
            try {
                applyGroup(group);
                anyApplied = true;
            } catch (RuntimeException failure) {
                LOG.warn("Bulk items of account {} not applied", group.get(0).accountId(),
                        failure);
                firstFailure = firstFailure == null ? failure : firstFailure;
                group.stream().filter(BulkItem::pending).forEach(item -> item.refuse(
                        "not applied: the ledger could not record it now; send it again"));
            }
        }
        if (!anyApplied && firstFailure != null) {
            throw firstFailure;
        }
    }

    /**
     * Sends one account's items. Items whose id is already used are settled first: a repeat
     * counts as accepted with no second effect, another transaction under the id is refused.
     * Losing a race for an id rolls the whole group back; it is then settled and sent again.
     */
    private void applyGroup(List<BulkItem> group) {
        for (int attempt = 1; attempt <= GROUP_ATTEMPTS_MAX; attempt++) {
            List<BulkItem> fresh = settleUsedIds(group);
            if (fresh.isEmpty()) {
                return;
            }
            BulkItem first = fresh.get(0);
            BulkAdd command = new BulkAdd(first.accountId(), first.contactId(),
                    first.definitionId(), fresh.stream().map(BulkItem::details).toList(),
                    first.allowNegativeBalance());
            try {
                BulkAddResult result = ledger.send(command);
                List<BulkItem> refusedItems = new ArrayList<>();
                for (BulkAddResult.RefusedItem refused : result.refused()) {
                    BulkItem item = fresh.get(refused.position());
                    item.refuse(refused.reason());
                    refusedItems.add(item);
                }
                settleRefusedRepeats(refusedItems);
                return;
            } catch (RuntimeException failure) {
                if (!DuplicateKeys.causedBy(failure) || attempt == GROUP_ATTEMPTS_MAX) {
                    throw failure;
                }
            }
        }
    }

    /** Settles the pending items whose id is used; answers those still to be sent. */
    private List<BulkItem> settleUsedIds(List<BulkItem> group) {
        List<BulkItem> pending = group.stream().filter(BulkItem::pending).toList();
        Map<String, TransactionIdempotency.Decision> decisions = idempotency.decideAll(
                pending.stream().map(BulkItem::use).toList());
        List<BulkItem> fresh = new ArrayList<>();
        for (BulkItem item : pending) {
            switch (decisions.get(item.transactionId())) {
                case NEW -> fresh.add(item);
                case CONFLICT -> item.refuse(
                        TransactionIdempotency.conflictMessage(item.transactionId()));
                case REPEAT -> item.settleAsRepeat();
            }
        }
        return fresh;
    }

    /**
     * An item the account refused may have lost a race to a concurrent request that used its
     * transaction id first (and spent the points it needed): then it is a repeat, accepted
     * with no second effect, or another transaction under a used id, refused as such.
     */
    private void settleRefusedRepeats(List<BulkItem> refused) {
        if (refused.isEmpty()) {
            return;
        }
        Map<String, TransactionIdempotency.Decision> decisions = idempotency.decideAll(
                refused.stream().map(BulkItem::use).toList());
        for (BulkItem item : refused) {
            TransactionIdempotency.Decision decision = decisions.get(item.transactionId());
            if (decision == TransactionIdempotency.Decision.NEW) {
                continue;
            }
            item.clearErrors();
            if (decision == TransactionIdempotency.Decision.CONFLICT) {
                item.refuse(TransactionIdempotency.conflictMessage(item.transactionId()));
            } else {
                item.settleAsRepeat();
            }
        }
    }
}

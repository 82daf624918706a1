package org.pointsledger.commands.transactions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.pointsledger.commands.BatchNotCommitted;
import org.pointsledger.commands.CommandOutcome;
import org.pointsledger.commands.LedgerCommands;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.BulkAdd;
import org.pointsledger.domain.account.BulkAddResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Applies a bulk request whose items were checked one by one: groups the good ones by account,
 * one {@link BulkAdd} per account, and sends the accounts in chunks, each chunk in one
 * transaction ({@link LedgerCommands#sendAll}). A bad item is refused alone; the others still
 * apply. It returns once every accepted item is durable.
 *
 * <p>Why chunks and not one transaction per account: a transaction per account made a bulk of
 * 1000 contacts 1000 commits. Why not one for the whole request: a chunk that loses a race is
 * sent again, and a long transaction loses more races, holds its account locks longer and costs
 * more to redo. A chunk that keeps failing is split in halves until the account that fails it
 * stands alone, so one bad account costs its own items only, as when each account had a
 * transaction of its own.
 */
@Service
public class BulkWriter {

    /** The most accounts written in one transaction. */
    public static final int CHUNK_ACCOUNTS_MAX = 250;
    /** The most items written in one transaction (a chunk takes at least one account). */
    static final int CHUNK_ITEMS_MAX = 1000;
    /** Times a chunk of several accounts is sent while it loses races, before it is split. */
    static final int CHUNK_ATTEMPTS_MAX = 3;
    /**
     * Times a chunk of one account is sent while it loses races: the budget of a single
     * write (the first attempt and 15 retries, README "Concurrency"), since only other
     * writers to that very account can be in its way, and they finish.
     */
    static final int ONE_ACCOUNT_ATTEMPTS_MAX = 1 + 15;
    /** The pause after a lost race doubles from the first up to the max, jittered. */
    static final int RACE_PAUSE_FIRST_MILLISECONDS = 10;
    static final int RACE_PAUSE_MAX_MILLISECONDS = 200;
    /**
     * Transactions one request may see fail; past them its remaining items are refused as not
     * applied without being tried. Splitting a full chunk down to one bad account fails about
     * {@code CHUNK_ATTEMPTS_MAX * log2(CHUNK_ACCOUNTS_MAX)} = 24 of them.
     */
    static final int FAILED_TRANSACTIONS_MAX = 64;
    static final String NOT_APPLIED = "not applied: the ledger could not record it now;"
            + " send it again";
    private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);

    private final LedgerCommands ledger;
    private final TransactionIdempotency idempotency;

    BulkWriter(LedgerCommands ledger, TransactionIdempotency idempotency) {
        this.ledger = ledger;
        this.idempotency = idempotency;
    }

    /** One account's items of the request. */
    private record AccountItems(AccountId accountId, List<BulkItem> items) {

        List<BulkItem> pending() {
            return items.stream().filter(BulkItem::pending).toList();
        }
    }

    /** What one request's writing came to so far. */
    private static final class Progress {

        boolean anyApplied;
        RuntimeException firstFailure;
        int failedTransactions;
        boolean gaveUp;

        void failed(RuntimeException failure) {
            firstFailure = firstFailure == null ? failure : firstFailure;
        }
    }

    /**
     * Applies the items in their order; afterwards each item's errors say what became of it.
     * When some accounts were written and others could not be, the request is still answered,
     * with those accounts' items refused as not applied, so the client resends exactly those.
     * Only when no account could be written at all does the request fail as a whole (nothing
     * was acknowledged), with what failed its first write.
     */
    public void apply(List<BulkItem> items) {
        Map<String, BulkItem> byTransactionId = new HashMap<>();
        for (BulkItem item : items) {
            if (item.pending() && byTransactionId.putIfAbsent(item.transactionId(),
                    item) != null) {
                item.refuse("transactionId " + item.transactionId()
                        + " appears more than once in this request");
            }
        }
        settleUsedIds(items.stream().filter(BulkItem::pending).toList());
        Progress progress = new Progress();
        for (List<AccountItems> chunk : chunks(items)) {
            writeOrSplit(chunk, progress);
        }
        if (!progress.anyApplied && progress.firstFailure != null) {
            RuntimeException failure = progress.firstFailure;
            throw failure instanceof BatchNotCommitted notCommitted
                    && notCommitted.getCause() instanceof RuntimeException cause ? cause : failure;
        }
    }

    /**
     * The pending items by account, in order of each account's first item, cut into chunks.
     * Inside a chunk the accounts are in the order of their ids, so that two chunks sharing
     * accounts append to them, and lock them, in the same order rather than deadlock.
     */
    private static List<List<AccountItems>> chunks(List<BulkItem> items) {
        Map<AccountId, List<BulkItem>> byAccount = new LinkedHashMap<>();
        for (BulkItem item : items) {
            if (item.pending()) {
                byAccount.computeIfAbsent(item.accountId(), id -> new ArrayList<>()).add(item);
            }
        }
        List<List<AccountItems>> chunks = new ArrayList<>();
        List<AccountItems> chunk = new ArrayList<>();
        int chunkItems = 0;
        for (Map.Entry<AccountId, List<BulkItem>> account : byAccount.entrySet()) {
            int accountItems = account.getValue().size();
            if (!chunk.isEmpty() && (chunk.size() == CHUNK_ACCOUNTS_MAX
                    || chunkItems + accountItems > CHUNK_ITEMS_MAX)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                chunkItems = 0;
            }
            chunk.add(new AccountItems(account.getKey(), account.getValue()));
            chunkItems += accountItems;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        chunks.forEach(each -> each.sort(Comparator.comparing(
                account -> account.accountId().toString())));
        return chunks;
    }

    /**
     * Writes the chunk; when it cannot be committed, writes each half on its own, down to
     * single accounts, whose items are then refused as not applied. When no transaction could
     * even be begun (the database is gone), or the request failed too often, the rest is
     * refused untried.
     */
    private void writeOrSplit(List<AccountItems> chunk, Progress progress) {
        if (progress.gaveUp) {
            refuseAsNotApplied(chunk);
            return;
        }
        try {
            write(chunk, progress);
        } catch (BatchNotCommitted failure) {
            progress.failed(failure);
            progress.gaveUp = failure.reason() == BatchNotCommitted.Reason.NOT_BEGUN
                    || progress.failedTransactions >= FAILED_TRANSACTIONS_MAX;
            if (chunk.size() == 1 || progress.gaveUp) {
                LOG.warn("Bulk items of {} accounts not applied", chunk.size(), failure);
                refuseAsNotApplied(chunk);
                return;
            }
            int half = chunk.size() / 2;
            writeOrSplit(chunk.subList(0, half), progress);
            writeOrSplit(chunk.subList(half, chunk.size()), progress);
        }
    }

    /**
     * Sends the chunk's pending items, one BulkAdd per account, in one transaction. Losing a
     * race (another writer appended to one of the accounts, or used one of the transaction
     * ids) rolls the whole chunk back; it is then settled again and sent again.
     */
    private void write(List<AccountItems> chunk, Progress progress) {
        for (int attempt = 1; ; attempt++) {
            List<AccountItems> accounts = chunk.stream()
                    .filter(account -> !account.pending().isEmpty()).toList();
            if (accounts.isEmpty()) {
                progress.anyApplied = true;
                return;
            }
            List<List<BulkItem>> sent = accounts.stream().map(AccountItems::pending).toList();
            try {
                record(sent, ledger.sendAll(sent.stream().map(BulkWriter::command).toList()),
                        progress);
                return;
            } catch (BatchNotCommitted failure) {
                progress.failedTransactions++;
                int attemptsMax = accounts.size() == 1 ? ONE_ACCOUNT_ATTEMPTS_MAX
                        : CHUNK_ATTEMPTS_MAX;
                if (!failure.lostRace() || attempt >= attemptsMax) {
                    throw failure;
                }
                LOG.debug("A chunk of {} accounts lost a race (attempt {}); sending it again",
                        accounts.size(), attempt, failure);
            }
            pauseAfterLostRace(attempt);
            settleUsedIds(chunk.stream().flatMap(account -> account.pending().stream())
                    .toList());
        }
    }

    private static BulkAdd command(List<BulkItem> items) {
        BulkItem first = items.get(0);
        return new BulkAdd(first.accountId(), first.contactId(), first.definitionId(),
                items.stream().map(BulkItem::details).toList(), first.allowNegativeBalance());
    }

    /** What the committed chunk did with each account's items. */
    private void record(List<List<BulkItem>> sent, List<CommandOutcome> outcomes,
                        Progress progress) {
        List<BulkItem> refusedItems = new ArrayList<>();
        for (int account = 0; account < sent.size(); account++) {
            List<BulkItem> items = sent.get(account);
            CommandOutcome outcome = outcomes.get(account);
            if (outcome.isRefused()) {
                LOG.warn("Bulk items of account {} not applied", items.get(0).accountId(),
                        outcome.refusal());
                progress.failed(outcome.refusal());
                items.forEach(item -> item.refuse(NOT_APPLIED));
                continue;
            }
            progress.anyApplied = true;
            for (BulkAddResult.RefusedItem refused : ((BulkAddResult) outcome.result()).refused()) {
                BulkItem item = items.get(refused.position());
                item.refuse(refused.reason());
                refusedItems.add(item);
            }
        }
        settleRefusedRepeats(refusedItems);
    }

    private static void refuseAsNotApplied(List<AccountItems> chunk) {
        chunk.forEach(account -> account.pending().forEach(item -> item.refuse(NOT_APPLIED)));
    }

    private static void pauseAfterLostRace(int attempt) {
        int nominal = Math.min(RACE_PAUSE_MAX_MILLISECONDS,
                RACE_PAUSE_FIRST_MILLISECONDS << Math.min(attempt - 1, 16));
        try {
            Thread.sleep(nominal / 2 + ThreadLocalRandom.current().nextInt(nominal / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a bulk request", e);
        }
    }

    /**
     * Settles the items whose id is used, in one look-up: a repeat counts as accepted with no
     * second effect, another transaction under the id is refused. The others stay pending.
     */
    private void settleUsedIds(List<BulkItem> pending) {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, TransactionIdempotency.Decision> decisions = idempotency.decideAll(
                pending.stream().map(BulkItem::use).toList());
        for (BulkItem item : pending) {
            switch (decisions.get(item.transactionId())) {
                case NEW -> {
                }
                case CONFLICT -> item.refuse(
                        TransactionIdempotency.conflictMessage(item.transactionId()));
                case REPEAT -> item.settleAsRepeat();
            }
        }
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

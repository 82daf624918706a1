package org.pointsledger.commands.transactions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.pointsledger.commands.BatchNotCommitted;
import org.pointsledger.commands.CommandOutcome;
import org.pointsledger.commands.LedgerCommands;
import org.pointsledger.commands.StampedCommand;
import org.pointsledger.commands.definitions.Definition;
import org.pointsledger.commands.definitions.Definitions;
import org.pointsledger.commands.transactions.GroupCommit.Outcome;
import org.pointsledger.commands.transactions.TransactionWriter.Written;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.AddTransaction;
import org.pointsledger.domain.account.InvalidTransactionException;
import org.pointsledger.domain.account.LedgerRuleViolation;
import org.pointsledger.domain.account.PointAccountCommand;
import org.pointsledger.domain.errors.Conflict;
import org.pointsledger.domain.errors.NotFound;
import org.pointsledger.projections.balances.AccountQueries;
import org.pointsledger.projections.transactions.TransactionQueries;
import org.pointsledger.projections.transactions.TransactionView;

/**
 * Writes single transactions that arrived together (see {@link GroupCommit}) as one batch:
 * one look-up of their accounts, one of their transaction ids, one unit of work and database
 * transaction for all their commands, one read of what was written. Each transaction gets
 * exactly the answer it would get alone: a repeat, a conflict, an unknown account or a
 * refusal by the account's rules concern that transaction only.
 *
 * <p>What the batch cannot settle alone goes through {@code alone}, the single write with its
 * own race handling: a transaction whose id an earlier one of the same batch uses (it is
 * decided once that one is), and the commands of a batch that lost a race to another node or
 * failed as a whole (so one bad transaction cannot fail the others).
 */
final class TransactionBatch {

    /** A transaction as submitted: what to add, and who asked, for its events' metadata. */
    record Submitted(NewTransaction transaction,
                     Function<PointAccountCommand, StampedCommand> stamp) {
    }

    private final LedgerCommands ledger;
    private final AccountQueries accounts;
    private final Definitions definitions;
    private final TransactionIdempotency idempotency;
    private final TransactionQueries transactions;
    private final Function<Submitted, Written> alone;

    TransactionBatch(LedgerCommands ledger, AccountQueries accounts, Definitions definitions,
                     TransactionIdempotency idempotency, TransactionQueries transactions,
                     Function<Submitted, Written> alone) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.definitions = definitions;
        this.idempotency = idempotency;
        this.transactions = transactions;
        this.alone = alone;
    }

    /**
     * Writes the transactions; answers each one's outcome, in their order. A lone transaction
     * (an idle ledger) is written alone: the same statements, and its lost races are retried
     * exactly as the single write always retried them.
     */
    List<Outcome<Written>> write(List<Submitted> batch) {
        if (batch.size() == 1) {
            return List.of(aloneOutcome(batch.get(0)));
        }
        List<Outcome<Written>> outcomes = new ArrayList<>(batch.size());
        Set<String> accountIds = new LinkedHashSet<>();
        batch.forEach(submitted -> accountIds.add(submitted.transaction().accountId()));
        Map<String, Integer> definitionIds = accounts.definitionIdsOf(accountIds);
        Map<Integer, Definition> definitionsById = new HashMap<>();

        Map<String, Integer> firstUse = new HashMap<>();
        List<Integer> decided = new ArrayList<>();
        List<Integer> later = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            NewTransaction transaction = batch.get(i).transaction();
            outcomes.add(null);
            if (!definitionIds.containsKey(transaction.accountId())) {
                outcomes.set(i, Outcome.refused(new NotFound(
                        "Point account not found: " + transaction.accountId())));
            } else if (firstUse.putIfAbsent(transaction.transactionId(), i) != null) {
                later.add(i);
            } else {
                decided.add(i);
            }
        }
        Map<String, TransactionIdempotency.Decision> decisions = idempotency.decideAll(
                decided.stream().map(i -> use(batch.get(i).transaction())).toList());
        List<Integer> sent = new ArrayList<>();
        List<Integer> repeats = new ArrayList<>();
        for (int i : decided) {
            NewTransaction transaction = batch.get(i).transaction();
            switch (decisions.get(transaction.transactionId())) {
                case NEW -> sent.add(i);
                case REPEAT -> repeats.add(i);
                case CONFLICT -> outcomes.set(i, Outcome.refused(new Conflict(
                        TransactionIdempotency.conflictMessage(transaction.transactionId()))));
            }
        }
        // In the order of their accounts, as a bulk chunk locks them: two batches that lock
        // the same accounts in different orders would deadlock on this node.
        sent.sort(Comparator.comparing(i -> batch.get(i).transaction().accountId()));
        List<StampedCommand> commands = new ArrayList<>();
        for (int i : sent) {
            NewTransaction transaction = batch.get(i).transaction();
            Definition definition = definitionsById.computeIfAbsent(
                    definitionIds.get(transaction.accountId()),
                    id -> definitions.byId(id).orElseThrow());
            commands.add(batch.get(i).stamp().apply(command(transaction, definition)));
        }
        List<Integer> created = send(batch, sent, commands, outcomes);
        answerWritten(batch, created, true, outcomes);
        answerWritten(batch, repeats, false, outcomes);
        for (int i : later) {
            outcomes.set(i, aloneOutcome(batch.get(i)));
        }
        return outcomes;
    }

    /**
     * Sends the commands together; answers the positions whose transaction was created. A
     * refusal by the account's rules may be a concurrent request's win under the same id (it
     * spent the points): then it is settled like that request's repeat.
     */
    private List<Integer> send(List<Submitted> batch, List<Integer> sent,
                               List<StampedCommand> commands, List<Outcome<Written>> outcomes) {
        List<Integer> created = new ArrayList<>();
        if (commands.isEmpty()) {
            return created;
        }
        List<CommandOutcome> results;
        try {
            results = ledger.sendTogether(commands);
        } catch (BatchNotCommitted notCommitted) {
            if (notCommitted.reason() == BatchNotCommitted.Reason.NOT_BEGUN) {
                throw notCommitted.getCause() instanceof RuntimeException cause
                        ? cause : notCommitted;
            }
            for (int i : sent) {
                outcomes.set(i, aloneOutcome(batch.get(i)));
            }
            return created;
        }
        for (int k = 0; k < sent.size(); k++) {
            int i = sent.get(k);
            RuntimeException refusal = results.get(k).refusal();
            if (refusal == null) {
                created.add(i);
            } else if (refusal instanceof LedgerRuleViolation) {
                outcomes.set(i, settledRefusal(batch.get(i).transaction(), refusal));
            } else if (refusal instanceof InvalidTransactionException) {
                outcomes.set(i, Outcome.refused(refusal));
            } else {
                // Not the account's answer (a lock the batch could not take, say): the
                // transaction is written alone, as it would have been without the batch.
                outcomes.set(i, aloneOutcome(batch.get(i)));
            }
        }
        return created;
    }

    /** Reads the written transactions of these positions in one query. */
    private void answerWritten(List<Submitted> batch, List<Integer> positions, boolean created,
                               List<Outcome<Written>> outcomes) {
        if (positions.isEmpty()) {
            return;
        }
        Map<String, TransactionView> written = transactions.byIds(positions.stream()
                .map(i -> batch.get(i).transaction().transactionId()).toList());
        for (int i : positions) {
            TransactionView view = written.get(batch.get(i).transaction().transactionId());
            outcomes.set(i, view != null ? Outcome.of(new Written(view, created))
                    : Outcome.refused(new IllegalStateException("transaction "
                    + batch.get(i).transaction().transactionId() + " was written but not found")));
        }
    }

    /** A refusal by the rules, unless the id's winner makes it a repeat or a conflict. */
    private Outcome<Written> settledRefusal(NewTransaction transaction,
                                            RuntimeException refusal) {
        return switch (idempotency.decide(use(transaction))) {
            case NEW -> Outcome.refused(refusal);
            case REPEAT -> transactions.byId(transaction.transactionId())
                    .map(view -> Outcome.of(new Written(view, false)))
                    .orElse(Outcome.refused(refusal));
            case CONFLICT -> Outcome.refused(new Conflict(
                    TransactionIdempotency.conflictMessage(transaction.transactionId())));
        };
    }

    private Outcome<Written> aloneOutcome(Submitted submitted) {
        try {
            return Outcome.of(alone.apply(submitted));
        } catch (RuntimeException refusal) {
            return Outcome.refused(refusal);
        }
    }

    static TransactionIdempotency.Use use(NewTransaction transaction) {
        return new TransactionIdempotency.Use(transaction.transactionId(),
                transaction.accountId(), transaction.requestFingerprint());
    }

    static AddTransaction command(NewTransaction transaction, Definition definition) {
        return new AddTransaction(AccountId.parse(transaction.accountId()),
                transaction.details(definition), definition.allowNegativeBalance());
    }
}

package org.pointsledger.commands.transactions;

import java.util.Optional;
import org.pointsledger.commands.LedgerCommands;
import org.pointsledger.commands.StampedCommand;
import org.pointsledger.commands.definitions.Definition;
import org.pointsledger.commands.definitions.Definitions;
import org.pointsledger.commands.transactions.TransactionBatch.Submitted;
import org.pointsledger.domain.account.LedgerRuleViolation;
import org.pointsledger.domain.errors.Conflict;
import org.pointsledger.domain.errors.NotFound;
import org.pointsledger.projections.balances.AccountQueries;
import org.pointsledger.projections.transactions.TransactionQueries;
import org.pointsledger.projections.transactions.TransactionView;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Adds one transaction, idempotently: the transactionId is the key. The same content again
 * answers the stored transaction; other content under a used id is a conflict.
 *
 * <p>Transactions that arrive together are written together ({@link GroupCommit},
 * {@link TransactionBatch}): a busy ledger shares one unit of work, one database transaction
 * and a handful of statements among them, instead of a dozen statements and a commit each.
 * Each still gets its own answer, and is answered only once it is durable and visible to reads.
 */
@Service
public class TransactionWriter implements DisposableBean {

    /** Written means: durable and visible to reads. {@code created} is false for a repeat. */
    public record Written(TransactionView transaction, boolean created) {
    }

    private final LedgerCommands ledger;
    private final AccountQueries accounts;
    private final Definitions definitions;
    private final TransactionIdempotency idempotency;
    private final TransactionQueries transactions;
    private final GroupCommit<Submitted, Written> groupCommit;

    TransactionWriter(LedgerCommands ledger, AccountQueries accounts, Definitions definitions,
                      TransactionIdempotency idempotency, TransactionQueries transactions,
                      @Value("${ledger.writes.group-commit.lanes:2}") int lanes,
                      @Value("${ledger.writes.group-commit.batch-max:64}") int batchMax) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.definitions = definitions;
        this.idempotency = idempotency;
        this.transactions = transactions;
        TransactionBatch batch = new TransactionBatch(ledger, accounts, definitions,
                idempotency, transactions, this::alone);
        this.groupCommit = new GroupCommit<>("group-commit", lanes, batchMax, batch::write);
    }

    /** Adds the transaction with those that arrive with it; answers once it is durable. */
    public Written add(NewTransaction transaction) {
        return groupCommit.submit(transaction.accountId(),
                new Submitted(transaction, StampedCommand.forCurrentRequest()));
    }

    @Override
    public void destroy() {
        groupCommit.close();
    }

    /**
     * Adds the transaction on its own, with the gateway's retry of a lost append race, on
     * behalf of whoever submitted it.
     */
    private Written alone(Submitted submitted) {
        NewTransaction transaction = submitted.transaction();
        String accountId = transaction.accountId();
        int definitionId = accounts.definitionIdOf(accountId).orElseThrow(
                () -> new NotFound("Point account not found: " + accountId));
        Definition definition = definitions.byId(definitionId).orElseThrow();
        TransactionIdempotency.Use use = TransactionBatch.use(transaction);
        Optional<Written> repeat = repeatOf(use);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        try {
            ledger.send(submitted.stamp().apply(TransactionBatch.command(transaction,
                    definition)));
        } catch (RuntimeException failure) {
            // A concurrent request with the same id may have won: its transaction then makes
            // ours a repeat, even when ours failed on a rule (the winner spent the points).
            if (!DuplicateKeys.causedBy(failure) && !(failure instanceof LedgerRuleViolation)) {
                throw failure;
            }
            return repeatOf(use).orElseThrow(() -> failure);
        }
        return new Written(transactions.byId(transaction.transactionId()).orElseThrow(), true);
    }

    /** A used transaction id: the stored transaction when it is a repeat, else a conflict. */
    private Optional<Written> repeatOf(TransactionIdempotency.Use use) {
        return switch (idempotency.decide(use)) {
            case NEW -> Optional.empty();
            case REPEAT -> Optional.of(new Written(
                    transactions.byId(use.transactionId()).orElseThrow(), false));
            case CONFLICT -> throw new Conflict(
                    TransactionIdempotency.conflictMessage(use.transactionId()));
        };
    }
}

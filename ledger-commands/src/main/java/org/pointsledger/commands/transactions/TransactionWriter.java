package org.pointsledger.commands.transactions;

import java.util.Optional;
import org.pointsledger.commands.LedgerCommands;
import org.pointsledger.commands.definitions.Definition;
import org.pointsledger.commands.definitions.Definitions;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.AddTransaction;
import org.pointsledger.domain.account.LedgerRuleViolation;
import org.pointsledger.domain.account.TransactionDetails;
import org.pointsledger.domain.errors.Conflict;
import org.pointsledger.domain.errors.NotFound;
import org.pointsledger.projections.balances.AccountQueries;
import org.pointsledger.projections.transactions.TransactionQueries;
import org.pointsledger.projections.transactions.TransactionView;
import org.springframework.stereotype.Service;

/**
 * Adds one transaction, idempotently: the transactionId is the key. The same content again
 * answers the stored transaction; other content under a used id is a conflict.
 */
@Service
public class TransactionWriter {

    /** Written means: durable and visible to reads. {@code created} is false for a repeat. */
    public record Written(TransactionView transaction, boolean created) {
    }

    private final LedgerCommands ledger;
    private final AccountQueries accounts;
    private final Definitions definitions;
    private final TransactionIdempotency idempotency;
    private final TransactionQueries transactions;

    TransactionWriter(LedgerCommands ledger, AccountQueries accounts, Definitions definitions,
                      TransactionIdempotency idempotency, TransactionQueries transactions) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.definitions = definitions;
        this.idempotency = idempotency;
        this.transactions = transactions;
    }

    public Written add(NewTransaction transaction) {
        String accountId = transaction.accountId();
        int definitionId = accounts.definitionIdOf(accountId).orElseThrow(
                () -> new NotFound("Point account not found: " + accountId));
        Definition definition = definitions.byId(definitionId).orElseThrow();
        TransactionIdempotency.Use use = new TransactionIdempotency.Use(
                transaction.transactionId(), accountId, transaction.requestFingerprint());
        Optional<Written> repeat = repeatOf(use);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        TransactionDetails details = new TransactionDetails(transaction.transactionId(),
                transaction.type(), transaction.amount(), transaction.source(),
                transaction.description(), transaction.transactionDate(),
                transaction.validFrom(), definition.validTo(transaction.validTo(),
                        transaction.validFrom(), transaction.amount()),
                transaction.retailTransactionLineItemId(), transaction.requestFingerprint());
        try {
            ledger.send(new AddTransaction(AccountId.parse(accountId), details,
                    definition.allowNegativeBalance()));
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

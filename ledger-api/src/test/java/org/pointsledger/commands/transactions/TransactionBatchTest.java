package org.pointsledger.commands.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.TestDatabase;
import org.pointsledger.commands.LedgerCommands;
import org.pointsledger.commands.StampedCommand;
import org.pointsledger.commands.definitions.Definitions;
import org.pointsledger.commands.transactions.GroupCommit.Outcome;
import org.pointsledger.commands.transactions.TransactionBatch.Submitted;
import org.pointsledger.commands.transactions.TransactionWriter.Written;
import org.pointsledger.domain.account.InsufficientPointsException;
import org.pointsledger.domain.account.TransactionType;
import org.pointsledger.domain.errors.Conflict;
import org.pointsledger.domain.errors.NotFound;
import org.pointsledger.eventstore.EventTable;
import org.pointsledger.projections.balances.AccountQueries;
import org.pointsledger.projections.transactions.TransactionQueries;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves a group commit's batch answers each single write exactly as it would be answered
 * alone, on the real ledger: refusals among successes, a repeat of a transaction in the same
 * batch as its original, and a batch whose account loses every append race.
 */
class TransactionBatchTest extends LedgerIntegrationTest {

    @Autowired
    private LedgerCommands ledger;
    @Autowired
    private AccountQueries accounts;
    @Autowired
    private Definitions definitions;
    @Autowired
    private TransactionIdempotency idempotency;
    @Autowired
    private TransactionQueries transactions;
    @Autowired
    private JdbcTemplate jdbc;

    private final List<Submitted> writtenAlone = new ArrayList<>();
    private TransactionWriter writer;

    @AfterEach
    void stopWriter() {
        if (writer != null) {
            writer.destroy();
        }
    }

    @Test
    void batch_answersEachWriteAsAlone_withRefusalsAndARepeatAmongSuccesses() {
        String rich = Accounts.open(api(), uniqueContactId("batch-rich"));
        String poor = Accounts.open(api(), uniqueContactId("batch-poor"));
        String missing = UUID.randomUUID().toString();
        NewTransaction usedBefore = addition(rich, "used-before", "5");
        assertThat(batch().write(List.of(submitted(usedBefore), submitted(
                addition(poor, "opening", "1")))))
                .allSatisfy(outcome -> assertThat(outcome.refusal()).isNull());
        writtenAlone.clear();

        NewTransaction first = addition(rich, "first", "100");
        NewTransaction second = addition(rich, "second", "50");
        List<Outcome<Written>> outcomes = batch().write(List.of(
                submitted(first),
                submitted(deduction(poor, "overdraw", "500")),
                submitted(addition(missing, "nowhere", "1")),
                submitted(first),
                submitted(addition(rich, first.transactionId(), "99")),
                submitted(second),
                submitted(usedBefore),
                submitted(addition(poor, usedBefore.transactionId(), "5"))));

        assertWritten(outcomes.get(0), first, true);
        assertThat(outcomes.get(1).refusal()).isInstanceOf(InsufficientPointsException.class);
        assertThat(outcomes.get(2).refusal()).isInstanceOf(NotFound.class)
                .hasMessage("Point account not found: " + missing);
        assertWritten(outcomes.get(3), first, false);
        assertThat(outcomes.get(4).refusal()).isInstanceOf(Conflict.class)
                .hasMessage(TransactionIdempotency.conflictMessage(first.transactionId()));
        assertWritten(outcomes.get(5), second, true);
        assertWritten(outcomes.get(6), usedBefore, false);
        assertThat(outcomes.get(7).refusal()).isInstanceOf(Conflict.class);
        assertThat(writtenAlone).as("written alone: only the repeats within the batch")
                .extracting(submitted -> submitted.transaction().transactionId())
                .containsExactly(first.transactionId(), first.transactionId(),
                        usedBefore.transactionId());
        assertThat(balance(rich)).isEqualByComparingTo("155");
        assertThat(balance(poor)).isEqualByComparingTo("1");
        assertThat(transactionCount(rich)).isEqualTo(3);
        assertThat(transactionCount(poor)).isEqualTo(1);
    }

    @Test
    void batch_writesTheOthers_whenOneAccountLosesEveryAppendRace() {
        assumeTrue(TestDatabase.isPostgres(), "a PostgreSQL trigger makes the appends lose:"
                + " set LEDGER_TEST_DB_URL (CI does)");
        String losing = Accounts.open(api(), uniqueContactId("batch-losing"));
        String other = Accounts.open(api(), uniqueContactId("batch-other"));
        NewTransaction lost = addition(losing, "lost", "7");
        NewTransaction kept = addition(other, "kept", "8");
        String trigger = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        EventTable events = new EventTable(jdbc);
        List<Outcome<Written>> outcomes;
        events.loseEveryAppendOf(losing, trigger);
        try {
            outcomes = batch().write(List.of(submitted(lost), submitted(kept)));
        } finally {
            events.stopLosingAppends(trigger);
        }

        assertThat(outcomes.get(0).refusal()).as("the account that always loses").isNotNull();
        assertWritten(outcomes.get(1), kept, true);
        assertThat(writtenAlone).as("after the batch lost its race, each went alone (in the"
                        + " order of their accounts, as the batch locks them)")
                .extracting(submitted -> submitted.transaction().transactionId())
                .containsExactlyInAnyOrder(lost.transactionId(), kept.transactionId());
        assertThat(balance(losing)).isEqualByComparingTo("0");
        assertThat(balance(other)).isEqualByComparingTo("8");
    }

    /** A batch whose lone writes are a writer's own (a batch of one), counted here. */
    private TransactionBatch batch() {
        if (writer == null) {
            writer = new TransactionWriter(ledger, accounts, definitions, idempotency,
                    transactions, 1, 1);
        }
        return new TransactionBatch(ledger, accounts, definitions, idempotency, transactions,
                submitted -> {
                    writtenAlone.add(submitted);
                    return writer.add(submitted.transaction());
                });
    }

    private void assertWritten(Outcome<Written> outcome, NewTransaction sent, boolean created) {
        assertThat(outcome.refusal()).as("refusal of " + sent.transactionId()).isNull();
        assertThat(outcome.value().created()).isEqualTo(created);
        assertThat(outcome.value().transaction().id()).isEqualTo(sent.transactionId());
        assertThat(outcome.value().transaction().amount())
                .isEqualByComparingTo(sent.amount());
    }

    private long transactionCount(String accountId) {
        return jdbc.queryForObject("select count(*) from point_transaction where account_id = ?",
                Long.class, accountId);
    }

    private static Submitted submitted(NewTransaction transaction) {
        return new Submitted(transaction, StampedCommand.forCurrentRequest());
    }

    private NewTransaction addition(String accountId, String name, String amount) {
        return transaction(accountId, name, TransactionType.Addition, new BigDecimal(amount));
    }

    private NewTransaction deduction(String accountId, String name, String amount) {
        return transaction(accountId, name, TransactionType.Deduction,
                new BigDecimal(amount).negate());
    }

    private NewTransaction transaction(String accountId, String name, TransactionType type,
                                       BigDecimal amount) {
        Instant now = clock.instant();
        String transactionId = name.startsWith("batch-") ? name
                : "batch-" + name + "-" + UUID.randomUUID();
        return new NewTransaction(accountId, transactionId, type, amount, "Purchase",
                "batch test", now, now, null, null,
                Fingerprint.of("single", accountId, transactionId, amount.toPlainString()));
    }
}

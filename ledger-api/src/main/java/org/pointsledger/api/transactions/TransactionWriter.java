package org.pointsledger.api.transactions;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.pointsledger.api.problems.ConflictException;
import org.pointsledger.api.problems.NotFoundException;
import org.pointsledger.api.problems.RequestValidation;
import org.pointsledger.api.web.Parameters;
import org.pointsledger.api.web.WireTimes;
import org.pointsledger.commands.LedgerCommands;
import org.pointsledger.commands.definitions.Definition;
import org.pointsledger.commands.definitions.Definitions;
import org.pointsledger.commands.transactionids.TransactionIdClaims;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.AddTransaction;
import org.pointsledger.domain.account.LedgerRuleViolation;
import org.pointsledger.domain.account.Points;
import org.pointsledger.domain.account.TransactionDetails;
import org.pointsledger.domain.account.TransactionType;
import org.pointsledger.projections.balances.AccountQueries;
import org.pointsledger.projections.transactions.TransactionQueries;
import org.pointsledger.projections.transactions.TransactionView;
import org.springframework.stereotype.Service;

/**
 * Adds one transaction, idempotently: the transactionId is the key. The same content again
 * answers the stored transaction; other content under a used id is a conflict.
 */
@Service
class TransactionWriter {

    /** Written means: durable and visible to reads. {@code created} is false for a repeat. */
    record Written(TransactionView transaction, boolean created) {
    }

    private final LedgerCommands ledger;
    private final AccountQueries accounts;
    private final Definitions definitions;
    private final TransactionIdClaims claims;
    private final TransactionQueries transactions;
    private final Clock clock;

    TransactionWriter(LedgerCommands ledger, AccountQueries accounts, Definitions definitions,
                      TransactionIdClaims claims, TransactionQueries transactions, Clock clock) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.definitions = definitions;
        this.claims = claims;
        this.transactions = transactions;
        this.clock = clock;
    }

    Written add(AddTransactionRequest request) {
        Instant now = clock.instant();
        RequestValidation validation = new RequestValidation();
        String accountId = Parameters.accountId(request.accountId());
        validation.require(request.accountId() != null, "accountId", "is required");
        validation.require(request.accountId() == null || accountId != null, "accountId",
                "must be a point account id (a UUID)");
        TransactionRules.checkTransactionId(request.transactionId(), true, validation);
        TransactionType type = type(request.transactionType(), validation);
        TransactionRules.checkAmount(request.amount(), validation);
        TransactionRules.checkTexts(request.source(), request.description(),
                request.retailTransactionLineItemId(), false, validation);
        Instant transactionDate = WireTimes.instant(request.transactionDate(), "transactionDate",
                validation);
        Instant validFrom = WireTimes.instant(request.validFrom(), "validFrom", validation);
        Instant validTo = WireTimes.instant(request.validTo(), "validTo", validation);
        validation.throwIfInvalid();

        BigDecimal amount = signed(type, request.amount(), validation);
        transactionDate = transactionDate != null ? transactionDate : now;
        validFrom = validFrom != null ? validFrom : transactionDate;
        TransactionRules.checkValidity(validFrom, validTo, validation);
        validation.throwIfInvalid();

        int definitionId = accounts.definitionIdOf(accountId).orElseThrow(
                () -> new NotFoundException("Point account not found: " + request.accountId()));
        Definition definition = definitions.byId(definitionId).orElseThrow();
        String fingerprint = fingerprint(request, accountId, type, amount);
        Optional<Written> repeat = repeatOf(request.transactionId(), accountId, fingerprint);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        TransactionDetails details = new TransactionDetails(request.transactionId(), type,
                amount, request.source(), request.description(), transactionDate, validFrom,
                TransactionRules.validTo(validTo, validFrom, amount, definition),
                request.retailTransactionLineItemId(), fingerprint);
        try {
            ledger.send(new AddTransaction(AccountId.parse(accountId), details,
                    definition.allowNegativeBalance()));
        } catch (RuntimeException failure) {
            // A concurrent request with the same id may have won: its transaction then makes
            // ours a repeat, even when ours failed on a rule (the winner spent the points).
            if (!DuplicateKeys.causedBy(failure) && !(failure instanceof LedgerRuleViolation)) {
                throw failure;
            }
            return repeatOf(request.transactionId(), accountId, fingerprint).orElseThrow(
                    () -> failure);
        }
        return new Written(transactions.byId(request.transactionId()).orElseThrow(), true);
    }

    /** A used transaction id: the stored transaction when it is a repeat, else a conflict. */
    private Optional<Written> repeatOf(String transactionId, String accountId,
                                       String fingerprint) {
        Optional<TransactionIdClaims.Claim> claim = claims.find(transactionId);
        if (claim.isEmpty()) {
            return Optional.empty();
        }
        if (!claim.get().accountId().equals(accountId)
                || !fingerprint.equals(claim.get().requestFingerprint())) {
            throw new ConflictException("transactionId " + transactionId
                    + " is already used by a different transaction");
        }
        return Optional.of(new Written(transactions.byId(transactionId).orElseThrow(), false));
    }

    private static TransactionType type(String text, RequestValidation validation) {
        if (text == null) {
            validation.require(false, "transactionType", "is required");
            return null;
        }
        for (TransactionType type : TransactionType.values()) {
            if (type.name().toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        validation.require(false, "transactionType",
                "must be one of Addition, Deduction, Adjustment");
        return null;
    }

    /** Additions are positive; a deduction may be sent with either sign and is stored negative. */
    private static BigDecimal signed(TransactionType type, BigDecimal amount,
                                     RequestValidation validation) {
        BigDecimal canonical = Points.canonical(amount);
        if (type == TransactionType.Deduction) {
            return canonical.abs().negate();
        }
        validation.require(type != TransactionType.Addition || canonical.signum() > 0, "amount",
                "must be positive for an Addition");
        return canonical;
    }

    private static String fingerprint(AddTransactionRequest request, String accountId,
                                      TransactionType type, BigDecimal amount) {
        return Fingerprint.of("single", accountId, request.transactionId(), type,
                amount.toPlainString(), request.source(), request.description(),
                request.transactionDate(), request.validFrom(),
                request.validTo(), request.retailTransactionLineItemId());
    }
}

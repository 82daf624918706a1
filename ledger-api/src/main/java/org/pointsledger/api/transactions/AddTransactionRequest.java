package org.pointsledger.api.transactions;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.pointsledger.api.problems.RequestValidation;
import org.pointsledger.api.web.Parameters;
import org.pointsledger.api.web.WireTimes;
import org.pointsledger.commands.transactions.Fingerprint;
import org.pointsledger.commands.transactions.NewTransaction;
import org.pointsledger.domain.account.Points;
import org.pointsledger.domain.account.TransactionType;

/** The body of POST /point-transactions, as the points API documents it. */
record AddTransactionRequest(String accountId, String transactionId, String transactionType,
                             BigDecimal amount, String description, String source,
                             OffsetDateTime transactionDate, OffsetDateTime validFrom,
                             OffsetDateTime validTo, String retailTransactionLineItemId) {

    /**
     * The transaction this body asks for, its defaults applied (the transaction date is now,
     * validFrom is the transaction date); an invalid body names every field that is wrong.
     */
    NewTransaction checked(Instant now) {
        RequestValidation validation = new RequestValidation();
        String account = Parameters.accountId(accountId);
        validation.require(accountId != null, "accountId", "is required");
        validation.require(accountId == null || account != null, "accountId",
                "must be a point account id (a UUID)");
        TransactionRules.checkTransactionId(transactionId, true, validation);
        TransactionType type = type(transactionType, validation);
        TransactionRules.checkAmount(amount, validation);
        TransactionRules.checkTexts(source, description, retailTransactionLineItemId, false,
                validation);
        Instant date = WireTimes.instant(transactionDate, "transactionDate", validation);
        Instant from = WireTimes.instant(validFrom, "validFrom", validation);
        Instant to = WireTimes.instant(validTo, "validTo", validation);
        validation.throwIfInvalid();

        BigDecimal signedAmount = signed(type, amount, validation);
        date = date != null ? date : now;
        from = from != null ? from : date;
        TransactionRules.checkValidity(from, to, validation);
        validation.throwIfInvalid();
        return new NewTransaction(account, transactionId, type, signedAmount, source,
                description, date, from, to, retailTransactionLineItemId,
                fingerprint(account, type, signedAmount));
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

    /** The request's content as sent (its times unset when not sent), not its defaults. */
    private String fingerprint(String account, TransactionType type, BigDecimal signedAmount) {
        return Fingerprint.of("single", account, transactionId, type,
                signedAmount.toPlainString(), source, description, transactionDate, validFrom,
                validTo, retailTransactionLineItemId);
    }
}

package org.pointsledger.api.transactions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.regex.Pattern;
import org.pointsledger.api.problems.RequestValidation;
import org.pointsledger.domain.account.Points;

/** The limits that single and bulk transactions share. */
final class TransactionRules {

    static final int TRANSACTION_ID_LENGTH_MAX = 64;
    static final int SOURCE_LENGTH_MAX = 64;
    static final int DESCRIPTION_LENGTH_MAX = 1000;
    static final int RETAIL_LINE_ITEM_ID_LENGTH_MAX = 64;
    static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9._:~-]{1,64}");

    private TransactionRules() {
    }

    static void checkTransactionId(String transactionId, boolean required,
                                   RequestValidation validation) {
        validation.require(!required || transactionId != null, "transactionId", "is required");
        validation.matches(transactionId, TRANSACTION_ID, "transactionId",
                "must be 1 to " + TRANSACTION_ID_LENGTH_MAX + " characters from [A-Za-z0-9._:~-]");
    }

    static void checkAmount(BigDecimal amount, RequestValidation validation) {
        String problem = Points.problemWith(amount);
        validation.require(problem == null, "amount", problem);
    }

    static void checkTexts(String source, String description, String retailLineItemId,
                           boolean required, RequestValidation validation) {
        validation.text(source, "source", required, SOURCE_LENGTH_MAX);
        validation.text(description, "description", required, DESCRIPTION_LENGTH_MAX);
        validation.text(retailLineItemId, "retailTransactionLineItemId", false,
                RETAIL_LINE_ITEM_ID_LENGTH_MAX);
    }

    static void checkValidity(Instant validFrom, Instant validTo, RequestValidation validation) {
        validation.require(validTo == null || validFrom == null || validTo.isAfter(validFrom),
                "validTo", "must be after validFrom");
    }
}

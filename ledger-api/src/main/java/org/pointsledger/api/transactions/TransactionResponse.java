package org.pointsledger.api.transactions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.pointsledger.api.web.Link;
import org.pointsledger.projections.transactions.TransactionView;

/** A point transaction on the wire. */
record TransactionResponse(String id, String accountId, BigDecimal amount, String type,
                           String source, String description, Instant transactionDate,
                           Instant createdOn, Instant modifiedOn, Instant validFrom,
                           Instant validTo, String retailTransactionLineItemId,
                           List<Link> links) {

    static TransactionResponse of(TransactionView view) {
        return new TransactionResponse(view.id(), view.accountId(), view.amount(), view.type(),
                view.source(), view.description(), view.transactionDate(), view.createdOn(),
                view.modifiedOn(), view.validFrom(), view.validTo(),
                view.retailTransactionLineItemId(),
                List.of(Link.get("/api/v3/point-transactions/" + view.id(), "self"),
                        Link.get("/api/v3/point-accounts/" + view.accountId(), "account")));
    }
}

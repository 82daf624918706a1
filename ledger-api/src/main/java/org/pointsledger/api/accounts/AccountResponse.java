package org.pointsledger.api.accounts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.pointsledger.api.web.Link;
import org.pointsledger.projections.balances.AccountView;

/** A point account on the wire. */
public record AccountResponse(String id, String contactId, int definitionId, BigDecimal balance,
                              BigDecimal pendingPoints, Instant balanceExpires, List<Link> links) {

    public static AccountResponse of(AccountView account) {
        return new AccountResponse(account.id(), account.contactId(), account.definitionId(),
                account.balance(), account.pendingPoints(), account.balanceExpires(),
                List.of(Link.get("/api/v3/point-accounts/definitions/" + account.definitionId(),
                                "definition"),
                        Link.get("/api/v3/point-accounts/transactions?accountId=" + account.id(),
                                "transactions")));
    }
}

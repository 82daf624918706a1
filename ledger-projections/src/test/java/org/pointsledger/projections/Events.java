package org.pointsledger.projections;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.AccountOpened;
import org.pointsledger.domain.account.Lot;
import org.pointsledger.domain.account.LotDraw;
import org.pointsledger.domain.account.PointsAdded;
import org.pointsledger.domain.account.PointsDeducted;
import org.pointsledger.domain.account.PointsExpired;
import org.pointsledger.domain.account.TransactionDetails;
import org.pointsledger.domain.account.TransactionType;

/**
 * The events of one fresh account, built as the aggregate would record them. Transaction and
 * lot ids are given by name and made unique to the account by {@link #id}.
 */
public final class Events {

    public static final int DEFINITION_ID = 1;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String contactId = "contact-" + tag;
    private final AccountId accountId = AccountId.of(contactId, DEFINITION_ID);

    /** The id this account's events use for the transaction or lot {@code name}. */
    public String id(String name) {
        return name + "-" + tag;
    }

    public String contactId() {
        return contactId;
    }

    public AccountId accountId() {
        return accountId;
    }

    public AccountOpened opened(Instant at) {
        return new AccountOpened(accountId, contactId, DEFINITION_ID, at);
    }

    /** An addition of {@code points} in a lot of the same name, active from {@code at}. */
    public PointsAdded added(String name, String points, Instant at, Instant validTo) {
        String transactionId = id(name);
        BigDecimal amount = new BigDecimal(points);
        return new PointsAdded(accountId, new TransactionDetails(transactionId,
                TransactionType.Addition, amount, "Purchase", "bought", at, at, validTo, null,
                "fingerprint-" + transactionId),
                new Lot(transactionId, amount, at, validTo), BigDecimal.ZERO, at);
    }

    /** A deduction of {@code points}, all drawn from lot {@code lot}. */
    public PointsDeducted deducted(String name, String points, String lot, Instant at) {
        String transactionId = id(name);
        BigDecimal amount = new BigDecimal(points);
        return new PointsDeducted(accountId, new TransactionDetails(transactionId,
                TransactionType.Deduction, amount.negate(), "Redemption", "spent", at, at, null,
                null, "fingerprint-" + transactionId),
                List.of(new LotDraw(id(lot), amount)), BigDecimal.ZERO, at);
    }

    /** The expiry of what is left of lot {@code lot}: {@code points}, at {@code at}. */
    public PointsExpired expired(String name, String lot, String points, Instant at) {
        return new PointsExpired(accountId, id(name), id(lot), new BigDecimal(points),
                BigDecimal.ZERO, at, at);
    }
}

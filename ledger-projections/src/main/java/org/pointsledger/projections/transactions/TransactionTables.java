package org.pointsledger.projections.transactions;

import java.util.List;

/**
 * The tables of the transactions read model (V2__read_models.sql): a rebuild replays the
 * events into their {@code _rebuild} twins and copies those over them (ProjectionRebuild).
 */
public final class TransactionTables {

    public static final List<String> ALL = List.of("point_transaction");

    private TransactionTables() {
    }
}

package org.pointsledger.projections.balances;

import java.util.List;

/**
 * The tables of the balances read model (V2__read_models.sql): a rebuild replays the events
 * into their {@code _rebuild} twins and copies those over them (ProjectionRebuild).
 */
public final class BalanceTables {

    /** Accounts, then their lots. */
    public static final List<String> ALL = List.of("point_account", "point_lot");

    private BalanceTables() {
    }
}

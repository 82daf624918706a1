package org.pointsledger.api.support;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pointsledger.eventstore.EventTable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the ledger holds, condensed: the event store's size and last position, and the row
 * counts, sums and last changes of every read-model table written in a request's own
 * transaction, and of the API keys. Two equal states mean nothing was written between them.
 * The daily totals and the dead-letter queue are left out: they change in the background, as
 * earlier events are processed, whatever the request in between was.
 */
public record LedgerState(List<Map<String, Object>> figures) {

    private static final List<String> QUERIES = List.of(
            "select count(*), sum(overdraft) from point_account",
            "select count(*), sum(points_remaining) from point_lot",
            "select count(*), max(entry_number), sum(amount), max(modified_on)"
                    + " from point_transaction",
            "select count(*), max(claimed_on) from transaction_claim",
            "select count(*), count(response_body), max(created_on) from bulk_request",
            "select count(*), count(revoked_on), max(created_on) from api_key",
            "select id, name, description, allow_negative_balance, default_validity_months,"
                    + " modified_on from point_definition order by id");

    public static LedgerState of(JdbcTemplate jdbc) {
        EventTable events = new EventTable(jdbc);
        Map<String, Object> eventStore = Map.of("events", events.countAll(),
                "lastGlobalIndex", events.maxGlobalIndex());
        return new LedgerState(Stream.concat(Stream.of(eventStore), QUERIES.stream()
                .flatMap(query -> jdbc.queryForList(query).stream())).toList());
    }
}

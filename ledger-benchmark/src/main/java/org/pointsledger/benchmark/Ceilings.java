package org.pointsledger.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the same database does with the same writes when no service stands in between: the
 * ceilings of rows 1 and 2. Rows go to scratch tables shaped like the event store's table
 * (ledger-eventstore's V1 migration: BIGSERIAL position, bytea payload and metadata, unique
 * (aggregate, sequence) and unique event id), with payloads as big as the run's own events.
 * The scratch tables live in the run's database and are dropped after each measurement.
 */
final class Ceilings {

    static final String EVENTS_TABLE = "benchmark_ceiling_events";
    /** When the service's events cannot be read, an event about as big as the ledger's. */
    static final EventShape DEFAULT_SHAPE = new EventShape(450, 350);
    private static final int SHAPE_SAMPLE_EVENTS = 100;

    /** The average size, in bytes, of a stored event's payload and metadata. */
    record EventShape(int payloadBytes, int metadataBytes) {
    }

    private Ceilings() {
    }

    /**
     * The size of the run's events as stored, from the audit API, which answers each event's
     * payload and metadata documents unchanged: averaged over the first events of an account.
     */
    static EventShape eventShape(LedgerClient client, String accountId) {
        LedgerClient.Answer answer = client.get("/api/v3/point-accounts/" + accountId
                + "/events?count=" + SHAPE_SAMPLE_EVENTS);
        if (answer.status() != 200 || answer.json().path("items").isEmpty()) {
            return DEFAULT_SHAPE;
        }
        long payload = 0;
        long metadata = 0;
        JsonNode items = answer.json().path("items");
        for (JsonNode event : items) {
            payload += compactSize(event.path("payload"));
            metadata += compactSize(event.path("metadata"));
        }
        return new EventShape((int) (payload / items.size()), (int) (metadata / items.size()));
    }

    /**
     * Row 1's ceiling: one server-side {@code INSERT ... SELECT ... FROM generate_series} of
     * {@code rows} event-shaped rows, two per aggregate as a bulk item for a new account
     * writes, in rows per second (statement and commit).
     */
    static double insertRowsPerSecond(BenchmarkDatabase database, int rows, EventShape shape) {
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement()) {
            statement.execute(createTable(EVENTS_TABLE));
            long started = System.nanoTime();
            int inserted = statement.executeUpdate(String.format(Locale.ROOT, """
                    insert into %s (event_identifier, aggregate_identifier, sequence_number,
                        type, time_stamp, payload_type, payload_revision, payload, meta_data)
                    select gen_random_uuid()::text, md5((i / 2)::text)::uuid::text, i %% 2,
                        'PointAccount', now()::text, 'PointsAdded', '1', %s, %s
                    from generate_series(1, %d) i""", EVENTS_TABLE,
                    bytes(shape.payloadBytes()), bytes(shape.metadataBytes()), rows));
            double seconds = (System.nanoTime() - started) / 1e9;
            statement.execute("drop table " + EVENTS_TABLE);
            CheckFailed.unless(inserted == rows, "the ceiling inserted " + inserted + " rows");
            return rows / seconds;
        } catch (SQLException e) {
            throw new IllegalStateException("the INSERT ceiling failed", e);
        }
    }

    /**
     * Row 2's ceiling: pgbench, each transaction one event-shaped single-row INSERT, from
     * {@code clients} connections for {@code duration}.
     */
    static Pgbench.Result singleInserts(BenchmarkDatabase database, EventShape shape,
                                        int clients, int threads, Duration duration,
                                        Path directory) {
        String script = String.format(Locale.ROOT, """
                insert into %s (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                values (gen_random_uuid()::text, gen_random_uuid()::text, 0, 'PointAccount',
                    now()::text, 'PointsAdded', '1', %s, %s);
                """, EVENTS_TABLE, bytes(shape.payloadBytes()), bytes(shape.metadataBytes()));
        Path scriptFile = directory.resolve("pgbench-single-insert.sql");
        // Checked again here: on a shared server others may have taken connections since.
        database.server().requireFreeConnections(clients);
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement()) {
            Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
            statement.execute(createTable(EVENTS_TABLE));
            Pgbench.Result result = Pgbench.run(database, scriptFile, clients, threads,
                    duration, directory.resolve("pgbench.log"));
            statement.execute("drop table " + EVENTS_TABLE);
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("the pgbench ceiling failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A constant bytea of {@code size} bytes; the planner computes it once per statement. */
    private static String bytes(int size) {
        return "convert_to(repeat('x', " + size + "), 'UTF8')";
    }

    private static String createTable(String name) {
        return String.join("\n", List.of(
                "create table " + name + " (",
                "    global_index         bigserial    not null,",
                "    event_identifier     varchar(255) not null,",
                "    aggregate_identifier varchar(255) not null,",
                "    sequence_number      bigint       not null,",
                "    type                 varchar(255),",
                "    time_stamp           varchar(255) not null,",
                "    payload_type         varchar(255) not null,",
                "    payload_revision     varchar(255),",
                "    payload              bytea        not null,",
                "    meta_data            bytea,",
                "    primary key (global_index),",
                "    unique (aggregate_identifier, sequence_number),",
                "    unique (event_identifier))"));
    }

    private static int compactSize(JsonNode document) {
        try {
            return LedgerClient.JSON.writeValueAsBytes(document).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

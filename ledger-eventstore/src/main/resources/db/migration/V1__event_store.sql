-- Axon's event store, token store and snapshots, for the JDBC storage engine.
--
-- Why JDBC over Flyway-made tables rather than Axon's JPA entities: on PostgreSQL those
-- entities map payloads as @Lob, which Hibernate turns into OID large objects (kept outside
-- the row, leaked on delete, unreadable to plain SQL), and Hibernate 6 allocates the
-- global_index sequence 50 at a time per node, so events from two nodes get interleaved
-- global positions out of commit order. Here payloads are bytea and global_index is a
-- BIGSERIAL taken one value at a time. AxonConfiguration maps Axon's EventSchema and
-- TokenSchema onto these snake_case names.
create table domain_event_entry (
    global_index         bigserial    not null,
    event_identifier     varchar(255) not null,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    primary key (global_index),
    constraint domain_event_entry_aggregate_sequence unique (aggregate_identifier, sequence_number),
    constraint domain_event_entry_event_identifier unique (event_identifier)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    primary key (aggregate_identifier, sequence_number),
    constraint snapshot_event_entry_event_identifier unique (event_identifier)
);

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    timestamp      varchar(255),
    owner          varchar(255),
    primary key (processor_name, segment)
);

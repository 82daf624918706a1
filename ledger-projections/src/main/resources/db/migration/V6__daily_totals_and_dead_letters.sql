-- The first asynchronous read model, and the dead-letter queue of the streaming processors.
--
-- points_daily: points per UTC day of the transaction date and per definition (utc_day: DAY
-- is a keyword in H2). Totals are
-- sums of numeric(19,4) amounts, so they get more integer digits than one amount.
create table points_daily (
    utc_day       date          not null,
    definition_id integer       not null,
    added         numeric(30,4) not null,
    deducted      numeric(30,4) not null,
    expired       numeric(30,4) not null,
    net           numeric(30,4) not null,
    transactions  bigint        not null,
    primary key (utc_day, definition_id)
);

-- The definition of each account, kept by the same projection (it owns its tables).
create table points_daily_account (
    account_id    varchar(36) not null,
    definition_id integer     not null,
    primary key (account_id)
);

-- The events already counted: an event delivered again changes nothing.
create table points_daily_applied_event (
    event_identifier varchar(255) not null,
    primary key (event_identifier)
);

-- Axon's JdbcSequencedDeadLetterQueue, with the columns of its GenericDeadLetterTableFactory
-- under snake_case names (AxonConfiguration's DeadLetterSchema maps them). Axon writes its
-- timestamps as ISO-8601 strings. The cause message may be long (a database error quotes SQL).
create table dead_letter_entry (
    dead_letter_id       varchar(255) not null,
    processing_group     varchar(255) not null,
    sequence_identifier  varchar(255) not null,
    sequence_index       bigint       not null,
    message_type         varchar(255) not null,
    event_identifier     varchar(255) not null,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    aggregate_type       varchar(255),
    aggregate_identifier varchar(255),
    sequence_number      bigint,
    token_type           varchar(255),
    token                bytea,
    enqueued_at          varchar(255) not null,
    last_touched         varchar(255),
    processing_started   varchar(255),
    cause_type           varchar(255),
    cause_message        text,
    diagnostics          bytea,
    primary key (dead_letter_id),
    constraint dead_letter_entry_sequence unique (processing_group, sequence_identifier,
                                                  sequence_index)
);
create index dead_letter_entry_processing_group on dead_letter_entry (processing_group);
create index dead_letter_entry_group_sequence on dead_letter_entry (processing_group,
                                                                    sequence_identifier);

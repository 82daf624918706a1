-- The v3 read models. They are written by subscribing event handlers in the same database
-- transaction as the events they come from, so a read sent after a write was answered
-- always sees it. Amounts are numeric(19,4): at most 4 fractional digits, below 10^12.

create table point_definition (
    id                      integer       not null,
    name                    varchar(200)  not null,
    description             varchar(1000),
    allow_negative_balance  boolean       not null default false,
    default_validity_months integer,
    created_on              timestamp with time zone not null,
    modified_on             timestamp with time zone not null,
    primary key (id)
);

insert into point_definition (id, name, description, allow_negative_balance,
                              default_validity_months, created_on, modified_on)
values (1, 'Bonus points', 'Points earned on purchases, used for vouchers.', false, null,
        current_timestamp, current_timestamp);

create table point_account (
    id            varchar(36)   not null,
    contact_id    varchar(64)   not null,
    definition_id integer       not null,
    overdraft     numeric(19,4) not null default 0,
    opened_on     timestamp with time zone not null,
    primary key (id),
    constraint point_account_contact_definition unique (contact_id, definition_id)
);

-- One row per addition: what is left of it and when it counts. Balance, pending points and
-- balanceExpires are computed from these rows at read time.
create table point_lot (
    lot_id           varchar(64)   not null,
    account_id       varchar(36)   not null,
    points_remaining numeric(19,4) not null,
    valid_from       timestamp with time zone not null,
    valid_to         timestamp with time zone,
    primary key (lot_id),
    constraint point_lot_points_never_negative check (points_remaining >= 0)
);
create index point_lot_account on point_lot (account_id);
create index point_lot_valid_to on point_lot (valid_to);

create table point_transaction (
    id                               varchar(64)   not null,
    entry_number                     bigserial     not null,
    account_id                       varchar(36)   not null,
    amount                           numeric(19,4) not null,
    type                             varchar(16)   not null,
    source                           varchar(64),
    description                      varchar(1000),
    transaction_date                 timestamp with time zone not null,
    created_on                       timestamp with time zone not null,
    modified_on                      timestamp with time zone not null,
    valid_from                       timestamp with time zone not null,
    valid_to                         timestamp with time zone,
    retail_transaction_line_item_id  varchar(64),
    primary key (id)
);
create index point_transaction_account_date on point_transaction (account_id, transaction_date);
create index point_transaction_account_created on point_transaction (account_id, created_on);

-- Set-based validation of transaction ids across the whole ledger: written in the same
-- transaction as the events, so a second use of an id rolls its whole unit of work back.
-- Not a read model: a rebuild of the read models never touches it.
create table transaction_claim (
    transaction_id      varchar(64) not null,
    account_id          varchar(36) not null,
    request_fingerprint varchar(64),
    claimed_on          timestamp with time zone not null,
    primary key (transaction_id)
);

-- Answers of bulk requests sent with an Idempotency-Key, kept 24 hours.
create table bulk_request (
    idempotency_key     varchar(255) not null,
    request_fingerprint varchar(64)  not null,
    response_body       text         not null,
    created_on          timestamp with time zone not null,
    primary key (idempotency_key)
);
create index bulk_request_created on bulk_request (created_on);

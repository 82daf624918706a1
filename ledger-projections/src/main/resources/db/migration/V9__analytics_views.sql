-- The analysts' SQL contract, version 1: views in the schema analytics over the read models.
-- Analysts read these views only, never the tables under them, so the tables may change as
-- long as the views keep their columns, names, types and meanings. The rules:
--   * Adding a column or a view is compatible: the minor version in analytics.contract_version
--     goes up, in the same migration.
--   * Renaming, removing or changing the type or meaning of a column is a breaking change: it
--     goes into a new schema analytics_v2 (major version 2) made beside this one, which stays,
--     unchanged, until its readers have moved; its removal is announced in the README first.
-- A read-only role (see the README) is granted usage of the schema and select on its views;
-- the views run with their owner's rights, so that role needs no right on any table.
-- Amounts are exact decimals; instants are timestamp with time zone, kept to the microsecond
-- (a client instant with finer digits is rounded up to the next microsecond).
create schema analytics;

create view analytics.contract_version as
select 1 as major_version, 0 as minor_version;

-- One row per point transaction, expiry transactions included.
create view analytics.point_transactions as
select t.id                              as transaction_id,
       t.account_id                      as account_id,
       a.contact_id                      as contact_id,
       a.definition_id                   as definition_id,
       t.type                            as transaction_type,
       t.amount                          as amount,
       t.source                          as source,
       t.description                     as description,
       t.transaction_date                as transaction_date,
       t.valid_from                      as valid_from,
       t.valid_to                        as valid_to,
       t.retail_transaction_line_item_id as retail_transaction_line_item_id,
       t.created_on                      as recorded_at
from point_transaction t
join point_account a on a.id = t.account_id;

-- One row per account, with its balance as of the moment the query runs.
create view analytics.point_accounts as
select a.id            as account_id,
       a.contact_id    as contact_id,
       a.definition_id as definition_id,
       a.opened_on     as opened_on,
       cast(coalesce((select sum(l.points_remaining) from point_lot l
                      where l.account_id = a.id and l.points_remaining > 0
                        and l.valid_from <= current_timestamp
                        and (l.valid_to is null or l.valid_to > current_timestamp)), 0)
            - a.overdraft as numeric(19,4)) as balance,
       cast(coalesce((select sum(l.points_remaining) from point_lot l
                      where l.account_id = a.id and l.points_remaining > 0
                        and l.valid_from > current_timestamp), 0) as numeric(19,4))
                       as pending_points,
       (select min(l.valid_to) from point_lot l
        where l.account_id = a.id and l.points_remaining > 0
          and l.valid_from <= current_timestamp and l.valid_to > current_timestamp)
                       as balance_expires
from point_account a;

-- Per UTC day of the transaction date (expiries: of the expiry) and per definition. Filled
-- in the background a moment after the writes (an asynchronous projection).
create view analytics.points_daily as
select d.utc_day       as utc_day,
       d.definition_id as definition_id,
       d.added         as added,
       d.deducted      as deducted,
       d.expired       as expired,
       d.net           as net,
       d.transactions  as transactions
from points_daily d;

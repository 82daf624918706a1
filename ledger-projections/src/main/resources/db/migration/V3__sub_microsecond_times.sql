-- Clients may send timestamps with up to nine fractional digits and must get the same instant
-- back, but timestamp columns keep microseconds. Each client-given instant is stored rounded up
-- to the microsecond (so comparisons with the ledger's microsecond clock stay exact) together
-- with the nanoseconds (0 to 999) the exact instant lies before that.
alter table point_lot add column valid_to_nanos_before integer not null default 0;
alter table point_transaction add column transaction_date_nanos_before integer not null default 0;
alter table point_transaction add column valid_from_nanos_before integer not null default 0;
alter table point_transaction add column valid_to_nanos_before integer not null default 0;

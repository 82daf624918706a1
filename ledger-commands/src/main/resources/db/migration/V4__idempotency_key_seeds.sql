-- An Idempotency-Key is recorded before its request is applied, with a random seed from which
-- the ids of its items without a transactionId are derived. A repeat of the request (even a
-- concurrent one, even after a crash before the answer was kept) applies the same ids, so
-- nothing is applied twice; a new use of the key after 24 hours gets a new seed, so its items
-- are new transactions. response_body is null until the first answer is kept.
alter table bulk_request add column item_id_seed varchar(36);
alter table bulk_request alter column response_body drop not null;

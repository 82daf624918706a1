-- The change feed of transactions (GET /api/v3/point-transactions/changes): one row per
-- transaction, numbered in the order a single tracking processor took them from the event
-- store. That processor follows the store with a gap-aware token (a transaction whose event
-- got a lower global_index but committed later is still taken, when it commits) and commits
-- its rows one batch after the other, so a position, once read, is never followed by a
-- lower one. See TransactionFeedProjection. Never rebuilt: positions are clients' cursors.
create table point_transaction_feed (
    feed_position  bigserial   not null,
    transaction_id varchar(64) not null,
    primary key (feed_position),
    constraint point_transaction_feed_transaction unique (transaction_id)
);

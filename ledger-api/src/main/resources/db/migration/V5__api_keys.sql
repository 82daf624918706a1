-- API keys minted through the admin endpoint (and the embedded default's first key). Only the
-- SHA-256 of a key is stored, as 64 hex digits: the key itself is shown once and never kept.
-- A name is unique forever, revoked keys included, because events record the name of the key
-- that caused them and an auditor must be able to tell whose it was.
create table api_key (
    id                  varchar(36)              not null primary key,
    name                varchar(64)              not null,
    key_sha256          varchar(64)              not null,
    scopes              varchar(200)             not null,
    requests_per_second integer,
    burst               integer,
    created_on          timestamp with time zone not null,
    revoked_on          timestamp with time zone,
    constraint api_key_name_unique unique (name),
    constraint api_key_sha256_unique unique (key_sha256)
);

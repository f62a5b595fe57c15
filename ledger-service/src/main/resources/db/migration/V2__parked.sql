-- Records the ledger can never send (docs/design.md §4, "Failures"): an outbox row the broker refuses for good (too large,
-- denied) or a DLQ copy that cannot be delivered even truncated. They are moved here, counted and logged, so that the
-- rows behind them flow; an operator reads them here and replays or deletes them.
create table parked (
    id         bigserial primary key,
    kind       text not null check (kind in ('outbox', 'dlq')),
    topic      text not null,
    topic_key  text,
    payload    bytea,
    reason     text not null,
    origin     text not null,
    parked_at  timestamptz not null default now()
);

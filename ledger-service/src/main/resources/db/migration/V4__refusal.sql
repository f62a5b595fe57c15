-- Events the ledger refused (docs/design.md §3: they also go to the DLQ topic), by event id, so that a sender can ask what
-- became of the ids it sent (POST /api/v1/events/status). One row per id: the latest refusal wins.
create table refusal (
    event_id   text primary key,
    reason     text not null,
    detail     text not null,
    refused_at timestamptz not null default now()
);

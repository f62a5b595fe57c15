-- Ledger of stage events (DESIGN §4). Flyway owns this schema; Hibernate only validates it.

-- Declared pipelines and their ordered stages.
create table pipeline (
    name        text primary key,
    stages      text[] not null check (cardinality(stages) > 0),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

-- Every applied event (the timeline, in seq order) and the dedupe record: the first statement of every apply
-- inserts here, and a key violation on event_id means "seen before". The body is the canonical event as json text
-- (stored as given, not re-parsed into jsonb: the ledger writes it far more often than anyone reads it).
create table event (
    event_id     text primary key,
    seq          bigserial not null,
    payload_hash bytea not null,
    pipeline     text not null,
    project      text not null,
    config_id    text not null,
    type         text not null,
    stage        text,
    run_id       text,
    occurred_at  timestamptz not null,
    started_at   timestamptz,
    body         json not null,
    source       text not null,
    recorded_at  timestamptz not null default now()
);
create index event_key_idx on event (pipeline, project, config_id, seq);
create index event_run_idx on event (run_id, seq) where run_id is not null;

-- The state of each (pipeline, project, config_id) after its last applied event.
create table project_state (
    pipeline      text not null,
    project       text not null,
    config_id     text not null,
    level         text,
    stage_states  jsonb not null,
    last_event_id text not null,
    version       bigint not null,
    updated_at    timestamptz not null,
    primary key (pipeline, project, config_id)
);
create index project_state_level_idx on project_state (pipeline, config_id, level);

-- Transactional outbox: one CompletionRecorded per applied change, relayed to cairn.completions in id order.
create table outbox (
    id          bigserial primary key,
    topic_key   text not null,
    payload     bytea not null,
    created_at  timestamptz not null default now()
);

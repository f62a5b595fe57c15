-- Runs and their items (docs/design.md, "Runs and items"): the state a long run keeps to resume after a crash, the
-- document's processing_state.json kept by the ledger for every tool.

-- One run of a stage over many items. fingerprint = {source, options}: a resumed run whose fingerprint differs is
-- refused unless forced. generation counts the "resume + force" clearings (their items move to run_item_history).
create table run (
    run_id            text primary key,
    pipeline          text not null,
    project           text not null,
    config_id         text not null,
    stage             text not null,
    fingerprint       jsonb not null,
    total_items       bigint check (total_items >= 0),
    forced            boolean not null default false,
    state             text not null default 'running' check (state in ('running', 'completed', 'failed')),
    generation        integer not null default 1,
    unprocessed_files jsonb not null default '[]',
    started_at        timestamptz not null default now(),
    last_updated      timestamptz not null default now(),
    finished_at       timestamptz
);
create index run_key_idx on run (pipeline, project, config_id, stage, started_at desc) where state = 'running';

-- The latest status of each item of a run (one row per item name).
create table run_item (
    run_id  text not null references run (run_id) on delete cascade,
    item    text not null,
    status  text not null check (status in ('success', 'error', 'not_found', 'skipped')),
    output  text,
    error   text,
    at      timestamptz not null,
    primary key (run_id, item)
);

-- Item statuses cleared by "resume + force", kept for the record.
create table run_item_history (
    run_id      text not null references run (run_id) on delete cascade,
    generation  integer not null,
    item        text not null,
    status      text not null,
    output      text,
    error       text,
    at          timestamptz not null,
    cleared_at  timestamptz not null default now()
);
create index run_item_history_idx on run_item_history (run_id, generation);

-- bootstrap-service owns the schema "bootstrap" (Flyway creates it). Scans of S3 for sentinel products,
-- their resumable checkpoints, and the per-(stage, project) sentinel matches they found.

CREATE TABLE scan (
    id                uuid        PRIMARY KEY,
    pipeline          text        NOT NULL,
    config_id         text        NOT NULL,
    dry_run           boolean     NOT NULL,
    state             text        NOT NULL CHECK (state IN ('queued', 'listing', 'emitting', 'completed', 'failed', 'cancelled')),
    error             text,
    created_at        timestamptz NOT NULL,
    started_at        timestamptz,
    finished_at       timestamptz,
    -- how many times a worker took the scan up (1 = never interrupted), and the objects already listed when
    -- the latest one started: what it resumed from
    attempts          int         NOT NULL DEFAULT 0,
    resumed_objects   bigint      NOT NULL DEFAULT 0,
    -- emission checkpoint: every match up to (project, ordinal) was acknowledged by Kafka
    emitted_project   text COLLATE "C",
    emitted_ordinal   int,
    events_emitted    bigint      NOT NULL DEFAULT 0,
    -- projects per stage / per level, frozen when the listing is complete
    level_counts      jsonb
);

CREATE INDEX scan_active ON scan (created_at) WHERE state IN ('queued', 'listing', 'emitting');

-- One row per stage of a scan, in the request's stage order (ordinal 0 = lowest level).
CREATE TABLE scan_source (
    scan_id            uuid    NOT NULL REFERENCES scan (id) ON DELETE CASCADE,
    ordinal            int     NOT NULL,
    stage              text    NOT NULL,
    bucket             text    NOT NULL,
    prefix             text    NOT NULL,
    layout             text    NOT NULL CHECK (layout IN ('folder', 'flat')),
    sentinels          jsonb   NOT NULL,
    project_pattern    text    NOT NULL,
    -- checkpoint: the prefix being listed (folder layout: the prefix itself, or prefix + '/' when the prefix has no
    -- trailing slash), the continuation token of its next page, and a deeper root still to list
    listing_prefix     text    NOT NULL,
    continuation_token text,
    next_root          text,
    done               boolean NOT NULL DEFAULT false,
    pages              bigint  NOT NULL DEFAULT 0,
    objects_listed     bigint  NOT NULL DEFAULT 0,
    folders_listed     bigint  NOT NULL DEFAULT 0,
    sentinels_matched  bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (scan_id, ordinal)
);

-- The newest sentinel of each (project, stage): max LastModified, ties to the smallest key (the seed's choice).
CREATE TABLE scan_match (
    scan_id       uuid        NOT NULL REFERENCES scan (id) ON DELETE CASCADE,
    project       text COLLATE "C" NOT NULL,
    ordinal       int         NOT NULL,
    last_modified timestamptz NOT NULL,
    key           text COLLATE "C" NOT NULL,
    etag          text,
    PRIMARY KEY (scan_id, project, ordinal)
);

-- Sentinels that could not become an event: a project name breaking DESIGN §2, or no project name at all.
CREATE TABLE scan_problem (
    scan_id uuid NOT NULL REFERENCES scan (id) ON DELETE CASCADE,
    ordinal int  NOT NULL,
    subject text COLLATE "C" NOT NULL,
    key     text NOT NULL,
    reason  text NOT NULL,
    PRIMARY KEY (scan_id, ordinal, subject)
);

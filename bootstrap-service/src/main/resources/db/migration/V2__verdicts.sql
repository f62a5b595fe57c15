-- The ledger's verdict on what a real scan emitted (issue 22): after emitting, a scan is "confirming" until the
-- ledger has a verdict on every event it sent; then "completed", or "completed_with_problems" when it refused some
-- (each refused event is a row of scan_problem).
ALTER TABLE scan DROP CONSTRAINT scan_state_check;
ALTER TABLE scan ADD CONSTRAINT scan_state_check CHECK (state IN
    ('queued', 'listing', 'emitting', 'confirming', 'completed', 'completed_with_problems', 'failed', 'cancelled'));

-- the ledger's clock before the first event was sent: verdicts are asked "since" this instant
ALTER TABLE scan ADD COLUMN ledger_since timestamptz;
ALTER TABLE scan ADD COLUMN events_applied bigint;
ALTER TABLE scan ADD COLUMN duplicates bigint;
ALTER TABLE scan ADD COLUMN refused bigint;

DROP INDEX scan_active;
CREATE INDEX scan_active ON scan (created_at) WHERE state IN ('queued', 'listing', 'emitting', 'confirming');

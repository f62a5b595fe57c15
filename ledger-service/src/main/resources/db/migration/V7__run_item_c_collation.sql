-- Item names compared byte by byte (docs/design.md, "Runs and items"). remaining probes the primary key (run_id, item)
-- once per candidate; with the database's default collation every comparison on the way down the index went through
-- the locale's string comparison (strcoll), about a tenth of the statement's CPU. Item names are opaque keys: only
-- equality matters to the ledger, and equality is the same in every deterministic collation. The order of the index
-- (and of the state-file export, which reads it) becomes the code point order of the names, whatever the database's
-- locale. The column's type changes in place: the table and its primary key are rewritten once.
alter table run_item alter column item type text collate "C";

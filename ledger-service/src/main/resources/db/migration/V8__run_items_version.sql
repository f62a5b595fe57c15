-- A version of each run's item statuses (docs/design.md, "Runs and items"), for the in-memory index that answers
-- remaining (ledger-service README, "remaining from memory"). Every transaction that changes a run's rows in run_item
-- takes a new items_version, once, in that same transaction, whoever writes: this ledger, another instance, a psql
-- session. A cached index is used only when its version equals the one the database holds, so it never answers from
-- a state the database no longer has.
--
-- The versions come from one sequence, not a per-run counter: a run deleted and created again under the same id never
-- repeats a version its earlier life had. items_prev_version is the version the transaction started from, so that the
-- writer can tell that it moved the version by exactly its own change (and apply that change to its index) or that
-- someone else wrote in between (and leave the index to be rebuilt). items_xact is the transaction that took the
-- current version: one transaction's several statements (an upsert fires the insert and the update trigger; an import
-- writes in chunks) take one version only.

create sequence run_items_version;

alter table run
    add column items_version      bigint not null default nextval('ledger.run_items_version'),
    add column items_prev_version bigint,
    add column items_xact         xid8;

-- V6's function, plus the version: the run rows it updates are the runs whose items the statement changed.
create or replace function run_item_counts_apply() returns trigger language plpgsql as $$
declare
    changes text := case tg_op
        when 'INSERT' then 'select run_id, status, 1 as sign from new_rows'
        when 'DELETE' then 'select run_id, status, -1 as sign from old_rows'
        else 'select run_id, status, 1 as sign from new_rows union all select run_id, status, -1 from old_rows'
    end;
    runs    bigint := 0;
    counted bigint;
begin
    execute format($sql$
        update ledger.run r
           set success_items   = r.success_items   + d.success,
               error_items     = r.error_items     + d.error,
               not_found_items = r.not_found_items + d.not_found,
               skipped_items   = r.skipped_items   + d.skipped,
               items_prev_version = case when r.items_xact = pg_current_xact_id() then r.items_prev_version
                                         else r.items_version end,
               items_version      = case when r.items_xact = pg_current_xact_id() then r.items_version
                                         else nextval('ledger.run_items_version') end,
               items_xact         = pg_current_xact_id()
          from (select run_id,
                       coalesce(sum(sign) filter (where status = 'success'), 0)   as success,
                       coalesce(sum(sign) filter (where status = 'error'), 0)     as error,
                       coalesce(sum(sign) filter (where status = 'not_found'), 0) as not_found,
                       coalesce(sum(sign) filter (where status = 'skipped'), 0)   as skipped
                  from (%s) c group by run_id) d
         where r.run_id = d.run_id
        $sql$, changes);
    get diagnostics counted = row_count;
    if tg_op = 'INSERT' then
        select count(distinct run_id) into runs from new_rows;
    end if;
    if counted < runs then
        raise foreign_key_violation using message = 'ledger.run_item rows of a run that does not exist',
              detail = (select string_agg(distinct n.run_id, ', ') from new_rows n
                         where not exists (select 1 from ledger.run r where r.run_id = n.run_id));
    end if;
    return null;
end
$$;

-- A truncate fires no row-level transition: every run takes a new version, with no version to apply a change from.
create function run_item_truncated() returns trigger language plpgsql as $$
begin
    update ledger.run
       set items_prev_version = null, items_version = nextval('ledger.run_items_version'),
           items_xact = pg_current_xact_id();
    return null;
end
$$;

create trigger run_item_truncated after truncate on run_item
    for each statement execute function run_item_truncated();

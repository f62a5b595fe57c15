-- Per-status item counts of each run, kept on the run row (docs/design.md, "Runs and items"). Every batch of item
-- statuses answers with the run's progress; counting the run's items for it read up to a million rows per batch while
-- the batch held the run row's lock. Statement triggers with transition tables keep the counts exact for every write
-- of run_item (the batched upsert, the clearing of resume + force, a cascade from a deleted run): they see the rows
-- as they were and as they are, under the rows' locks, whatever the writer.

alter table run
    add column success_items   bigint not null default 0,
    add column error_items     bigint not null default 0,
    add column not_found_items bigint not null default 0,
    add column skipped_items   bigint not null default 0;

update run r
   set success_items   = (select count(*) from run_item i where i.run_id = r.run_id and i.status = 'success'),
       error_items     = (select count(*) from run_item i where i.run_id = r.run_id and i.status = 'error'),
       not_found_items = (select count(*) from run_item i where i.run_id = r.run_id and i.status = 'not_found'),
       skipped_items   = (select count(*) from run_item i where i.run_id = r.run_id and i.status = 'skipped');

-- The foreign key of run_item to run checked every inserted row on its own (a lookup of the run per row, about half
-- of a batch's insert time). The trigger below already updates the run row of every batch: it refuses the batch when
-- a run it names does not exist (the row lock it takes also holds off a concurrent delete of the run), and the
-- cascade of a deleted run becomes a statement trigger on run.
alter table run_item drop constraint run_item_run_id_fkey;

-- Adds the new rows' statuses to their runs' counts and subtracts the old rows' (an update does both). The
-- transition tables a trigger has depend on its event, hence the rows chosen as text.
create function run_item_counts_apply() returns trigger language plpgsql as $$
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
               skipped_items   = r.skipped_items   + d.skipped
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

create trigger run_item_counts_insert after insert on run_item
    referencing new table as new_rows for each statement execute function run_item_counts_apply();
create trigger run_item_counts_update after update on run_item
    referencing old table as old_rows new table as new_rows for each statement execute function run_item_counts_apply();
create trigger run_item_counts_delete after delete on run_item
    referencing old table as old_rows for each statement execute function run_item_counts_apply();

-- What the foreign key's "on delete cascade" did: a deleted run takes its items along.
create function run_delete_items() returns trigger language plpgsql as $$
begin
    delete from ledger.run_item i using old_runs o where i.run_id = o.run_id;
    return null;
end
$$;

create trigger run_delete_items after delete on run
    referencing old table as old_runs for each statement execute function run_delete_items();

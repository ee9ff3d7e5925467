import { type Kysely, sql } from 'kysely'
import { TRIGGERS } from './0006-funnel-milestones.ts'
import { isolateByWorkspace } from './0011-row-level-security.ts'

// Attribution splits kept per deal, so the attribution report sums stored shares instead of
// splitting every deal again (src/services/reports/attribution-splits.ts).
//
// - attribution_versions: a counter per deal (made with the deal) that the database moves
//   whenever something the deal's split is computed from changes: the deal itself, its contacts,
//   the account contacts it falls back on, or a marketing touch of one of them that can still
//   count (at or before its close, or any time while it is open). Triggers below, so no writer
//   can forget it. Moving it also marks the deal's stored splits stale.
// - attributed_deals: a deal's split under one model and grouping, with the version it was
//   computed from. A report computes the stale and missing splits of its period again first.
// - attributed_shares: the split's lines, one per campaign or channel the deal gave credit to,
//   sourced from or was influenced by, with the deal's amount and outcome beside them so a
//   report sums one table.
//
// Race: a report reads a deal's touches and version in one snapshot, then, before storing the
// split, locks the deal's version row (FOR SHARE) and reads it again. A change committed
// meanwhile shows as a newer version, and the split is stored stale; a change still in flight
// holds the row, so the report waits for it; a change that comes later waits for the report,
// then marks the stored split stale.

const tables: readonly string[] = [
  `create table attribution_versions (
    workspace_id uuid not null,
    opportunity_id uuid not null,
    version bigint not null default 0,
    primary key (workspace_id, opportunity_id),
    foreign key (workspace_id, opportunity_id) references opportunities (workspace_id, id)
      on delete cascade
  )`,
  `create table attributed_deals (
    workspace_id uuid not null,
    -- The model and grouping (and the half-life of time decay): 'w_shaped/channel',
    -- 'time_decay:7/campaign'.
    split text not null,
    opportunity_id uuid not null,
    version bigint not null,
    stale boolean not null default false,
    opened_at timestamptz not null,
    amount_cents bigint not null,
    unattributed_cents bigint not null,
    primary key (workspace_id, split, opportunity_id),
    foreign key (workspace_id, opportunity_id) references opportunities (workspace_id, id)
      on delete cascade
  )`,
  `create index attributed_deals_fresh_idx on attributed_deals (workspace_id, split, opened_at)
    where not stale`,
  `create index attributed_deals_stale_idx on attributed_deals (workspace_id, split, opened_at)
    where stale`,
  `create table attributed_shares (
    workspace_id uuid not null,
    split text not null,
    opportunity_id uuid not null,
    -- The campaign's id (null: touches without a campaign) or the channel.
    key text,
    opened_at timestamptz not null,
    amount_cents bigint not null,
    won boolean not null,
    cents bigint not null,
    -- The model gave the key a share of the deal (possibly 0 cents of a tiny amount).
    credited boolean not null,
    sourced boolean not null,
    influenced boolean not null
    -- No foreign key: checking one for each of a million new lines cost more than computing
    -- them. The lines go with their split (trigger below), as the split goes with its deal.
  )`,
  `create index attributed_shares_opened_idx on attributed_shares (workspace_id, split, opened_at)`,
  `create index attributed_shares_deal_idx on attributed_shares (workspace_id, split, opportunity_id)`,
  ...['attribution_versions', 'attributed_deals', 'attributed_shares'].flatMap(isolateByWorkspace),
]

/** A statement trigger's function that marks stale the deals its rows name in `column`. */
function staleDealsNamedIn(fn: string, column: string): string {
  return `create function ${fn}() returns trigger language plpgsql as $$
  declare
    r record;
  begin
    for r in
      select workspace_id, array_agg(distinct ${column}) as ids from changed_rows
      group by workspace_id
    loop
      perform stale_attributions(r.workspace_id, r.ids);
    end loop;
    return null;
  end $$`
}

const functions: readonly string[] = [
  // Moves the version of each of the deals `ids` (locked in id order, so two writers lock alike)
  // and marks their stored splits stale.
  `create function stale_attributions(ws uuid, ids uuid[]) returns void
  language plpgsql set plan_cache_mode = force_custom_plan as $$
  begin
    perform 1 from attribution_versions
    where workspace_id = ws and opportunity_id in (select unnest(ids))
    order by opportunity_id for update;
    update attribution_versions set version = version + 1
    where workspace_id = ws and opportunity_id in (select unnest(ids));
    update attributed_deals set stale = true
    where workspace_id = ws and opportunity_id in (select unnest(ids)) and not stale;
  end $$`,
  // Every deal has its version from the start, so a change always has a row to move and lock.
  `create function attribution_versions_for_deals() returns trigger language plpgsql as $$
  begin
    insert into attribution_versions (workspace_id, opportunity_id)
    select workspace_id, id from changed_rows;
    return null;
  end $$`,
  // Marketing touches of contacts: the deals naming the contact, and the deals of its account
  // that name nobody (they fall back on every contact of the account). A touch after a deal
  // closed counts for nothing in it.
  `create function attribution_after_activities() returns trigger language plpgsql as $$
  declare
    r record;
  begin
    for r in
      with touched as (
        select workspace_id, contact_id, min(occurred_at) as since from changed_rows
        where function = 'marketing' and contact_id is not null
        group by workspace_id, contact_id
      ),
      deals as (
        select t.workspace_id, t.since, oc.opportunity_id as id from touched t
        join opportunity_contacts oc
          on oc.workspace_id = t.workspace_id and oc.contact_id = t.contact_id
        union all
        select t.workspace_id, t.since, o.id from touched t
        join contacts c on c.workspace_id = t.workspace_id and c.id = t.contact_id
        join opportunities o on o.workspace_id = c.workspace_id and o.account_id = c.account_id
        where not exists (select 1 from opportunity_contacts oc
          where oc.workspace_id = o.workspace_id and oc.opportunity_id = o.id)
      )
      select d.workspace_id, array_agg(distinct d.id) as ids from deals d
      join opportunities o on o.workspace_id = d.workspace_id and o.id = d.id
      where o.closed_at is null or greatest(o.created_at, o.closed_at) >= d.since
      group by d.workspace_id
    loop
      perform stale_attributions(r.workspace_id, r.ids);
    end loop;
    return null;
  end $$`,
  staleDealsNamedIn('attribution_after_deals', 'id'),
  staleDealsNamedIn('attribution_after_deal_contacts', 'opportunity_id'),
  // A contact that moves to another account, changes when it became a contact (which decides
  // its lead-creation touch) or is deleted: the deals that named it and its accounts' deals.
  `create function attribution_after_contact() returns trigger language plpgsql as $$
  declare
    accounts uuid[] := array[old.account_id];
  begin
    if TG_OP = 'UPDATE' then
      accounts := accounts || new.account_id;
    end if;
    perform stale_attributions(old.workspace_id, array(
      select oc.opportunity_id from opportunity_contacts oc
      where oc.workspace_id = old.workspace_id and oc.contact_id = old.id
      union
      select o.id from opportunities o
      where o.workspace_id = old.workspace_id and o.account_id = any(accounts)));
    return null;
  end $$`,
]

const cleanup: readonly string[] = [
  `create function attributed_shares_after_deals() returns trigger language plpgsql as $$
  begin
    delete from attributed_shares s using changed_rows d
    where s.workspace_id = d.workspace_id and s.split = d.split
      and s.opportunity_id = d.opportunity_id;
    return null;
  end $$`,
  `create trigger attributed_deals_delete after delete on attributed_deals
    referencing old table as changed_rows for each statement
    execute function attributed_shares_after_deals()`,
]

/** Statement triggers that see the rows they touch as `changed_rows` (as in 0006). */
function triggersOn(
  table: string,
  fn: string,
  events: readonly (typeof TRIGGERS)[number][] = TRIGGERS,
): string[] {
  return events.map(
    ([name, event, rows]) =>
      `create trigger ${table}_attribution_${name} after ${event} on ${table}
      referencing ${rows} table as changed_rows for each statement execute function ${fn}()`,
  )
}

const triggers: readonly string[] = [
  ...triggersOn('activities', 'attribution_after_activities'),
  ...triggersOn('opportunity_contacts', 'attribution_after_deal_contacts'),
  // A new deal has no split yet, only its version; a deleted one's splits go with it.
  ...triggersOn('opportunities', 'attribution_versions_for_deals', [TRIGGERS[0]]),
  ...triggersOn('opportunities', 'attribution_after_deals', [TRIGGERS[2]]),
  `create trigger contacts_attribution_update after update of account_id, created_at on contacts
    for each row when (old.account_id is distinct from new.account_id
      or old.created_at is distinct from new.created_at)
    execute function attribution_after_contact()`,
  `create trigger contacts_attribution_delete after delete on contacts
    for each row when (old.account_id is not null) execute function attribution_after_contact()`,
]

// The deals there already.
const backfill = `insert into attribution_versions (workspace_id, opportunity_id)
  select workspace_id, id from opportunities`

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [...tables, backfill, ...cleanup, ...functions, ...triggers])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const statements = [
    ...['activities', 'opportunity_contacts'].flatMap((table) =>
      TRIGGERS.map(([name]) => `drop trigger if exists ${table}_attribution_${name} on ${table}`),
    ),
    'drop trigger if exists opportunities_attribution_update_new on opportunities',
    'drop trigger if exists opportunities_attribution_insert on opportunities',
    'drop function if exists attribution_versions_for_deals()',
    'drop trigger if exists contacts_attribution_update on contacts',
    'drop trigger if exists contacts_attribution_delete on contacts',
    'drop function if exists attribution_after_activities()',
    'drop function if exists attribution_after_deals()',
    'drop function if exists attribution_after_deal_contacts()',
    'drop function if exists attribution_after_contact()',
    'drop function if exists stale_attributions(uuid, uuid[])',
    'drop trigger if exists attributed_deals_delete on attributed_deals',
    'drop function if exists attributed_shares_after_deals()',
    'drop table if exists attributed_shares',
    'drop table if exists attributed_deals',
    'drop table if exists attribution_versions',
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

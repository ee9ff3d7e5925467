import { type Kysely, sql } from 'kysely'

// Funnel milestones: when each person and each account first reached each step of its funnel,
// one narrow row per entity. The funnel report reads these instead of grouping the whole stage
// history. The database keeps them in step with their sources (stage history, deals and deal
// contacts) by statement triggers, so no writer can forget them: a new row can only bring a
// milestone earlier (merged with least()), while an update or delete recomputes the entities it
// touched from their full history.
//
// The steps are frozen here as they were when this migration was written; a test checks that
// they still match the funnels the report declares.

export interface MilestoneTable {
  readonly table: string
  readonly idColumn: string
  readonly entityTable: string
  readonly funnel: 'lead' | 'account'
  readonly steps: readonly string[]
  /** `(id, stage, at)` rows from deals, for the ids in `u(id)`. */
  readonly fromDeals: string
}

// A deal marks its contacts (lead funnel) and its account (account funnel) as having reached
// opportunity when it was created and won when it was won. An imported deal may carry only its
// close date (created at import time): it was open no later than it closed.
const DEAL_CREATED = 'least(o.created_at, coalesce(o.closed_at, o.created_at))'
const DEAL_WON = 'coalesce(o.closed_at, o.updated_at)'

export const LEAD: MilestoneTable = {
  table: 'lead_milestones',
  idColumn: 'contact_id',
  entityTable: 'contacts',
  funnel: 'lead',
  steps: ['inquiry', 'lead', 'mql', 'sal', 'sql', 'opportunity', 'won'],
  fromDeals: `
    select oc.contact_id as id, 'opportunity' as stage, ${DEAL_CREATED} as at
    from unnest(ids) u(id)
    join opportunity_contacts oc on oc.workspace_id = ws and oc.contact_id = u.id
    join opportunities o on o.workspace_id = ws and o.id = oc.opportunity_id
    union all
    select oc.contact_id, 'won', ${DEAL_WON}
    from unnest(ids) u(id)
    join opportunity_contacts oc on oc.workspace_id = ws and oc.contact_id = u.id
    join opportunities o on o.workspace_id = ws and o.id = oc.opportunity_id
    where o.is_won`,
}

const ACCOUNT: MilestoneTable = {
  table: 'account_milestones',
  idColumn: 'account_id',
  entityTable: 'accounts',
  funnel: 'account',
  steps: ['target', 'engaged', 'qualified', 'opportunity', 'customer'],
  fromDeals: `
    select o.account_id as id, 'opportunity' as stage, ${DEAL_CREATED} as at
    from unnest(ids) u(id)
    join opportunities o on o.workspace_id = ws and o.account_id = u.id
    union all
    select o.account_id, 'customer', ${DEAL_WON}
    from unnest(ids) u(id)
    join opportunities o on o.workspace_id = ws and o.account_id = u.id
    where o.is_won`,
}

function milestoneStatements(m: MilestoneTable): string[] {
  const columns = m.steps.map((s) => `${s}_at`)
  return [
    `create table ${m.table} (
      workspace_id uuid not null,
      ${m.idColumn} uuid not null,
      ${columns.map((c) => `${c} timestamptz`).join(',\n      ')},
      primary key (workspace_id, ${m.idColumn}),
      foreign key (workspace_id, ${m.idColumn}) references ${m.entityTable} (workspace_id, id)
        on delete cascade
    )`,
    refreshFunction(m, []),
    // What is there already: every workspace's entities, refreshed once.
    `select refresh_${m.table}(w.id,
      array(select e.id from ${m.entityTable} e where e.workspace_id = w.id), false)
    from workspaces w`,
  ]
}

/**
 * `refresh_<table>(ws, ids, full_refresh)`: recomputes the milestones of `ids` from their history
 * and deals. full_refresh = false merges them into what is there (safe beside concurrent writers,
 * since a first time only moves earlier); full_refresh = true sets them afresh, after history was
 * moved or removed. `facts` are columns of the entity copied beside the milestones as they are
 * now (a later migration adds them; `create or replace` then).
 */
export function refreshFunction(m: MilestoneTable, facts: readonly string[]): string {
  const columns = m.steps.map((s) => `${s}_at`)
  const firsts = m.steps.map((s) => `min(s.at) filter (where s.stage = '${s}')`)
  const merged = columns.map(
    (c) => `${c} = case when full_refresh then excluded.${c} else least(m.${c}, excluded.${c}) end`,
  )
  const copied = facts.map((f) => `${f} = excluded.${f}`)
  return `create or replace function refresh_${m.table}(ws uuid, ids uuid[], full_refresh boolean)
    returns void
    -- Planned for the ids at hand: one deal or a whole import.
    language plpgsql set plan_cache_mode = force_custom_plan as $$
    begin
      if full_refresh then
        delete from ${m.table} m using unnest(ids) u(id)
        where m.workspace_id = ws and m.${m.idColumn} = u.id;
      end if;
      insert into ${m.table} as m (workspace_id, ${m.idColumn}, ${[...columns, ...facts].join(', ')})
      select ws, s.id, ${[...firsts, ...facts.map((f) => `e.${f}`)].join(', ')}
      from (
        select t.entity_id as id, t.to_stage as stage, t.at
        from unnest(ids) u(id)
        join stage_transitions t
          on t.workspace_id = ws and t.funnel = '${m.funnel}' and t.entity_id = u.id
        union all ${m.fromDeals}
      ) s
      join ${m.entityTable} e on e.workspace_id = ws and e.id = s.id
      where s.stage in (${m.steps.map((s) => `'${s}'`).join(', ')})
      group by s.id, e.workspace_id, e.id
      on conflict (workspace_id, ${m.idColumn}) do update set ${[...merged, ...copied].join(', ')};
    end $$`
}

// Statement triggers: each collects the entities its rows touch, per workspace, and refreshes
// them once. Inserts merge; updates and deletes recompute.
const triggerFunctions: readonly string[] = [
  `create function milestones_after_transitions() returns trigger language plpgsql as $$
  declare
    r record;
  begin
    for r in
      select workspace_id, funnel, array_agg(distinct entity_id) as ids
      from changed_rows where funnel in ('lead', 'account') group by workspace_id, funnel
    loop
      if r.funnel = 'lead' then
        perform refresh_lead_milestones(r.workspace_id, r.ids, TG_OP <> 'INSERT');
      else
        perform refresh_account_milestones(r.workspace_id, r.ids, TG_OP <> 'INSERT');
      end if;
    end loop;
    return null;
  end $$`,
  `create function milestones_after_deals() returns trigger language plpgsql as $$
  declare
    r record;
  begin
    for r in
      select workspace_id, array_agg(distinct account_id) as ids
      from changed_rows group by workspace_id
    loop
      perform refresh_account_milestones(r.workspace_id, r.ids, TG_OP <> 'INSERT');
    end loop;
    -- The deal's contacts (a new deal has none yet; a deleted one's are deleted with it).
    if TG_OP = 'UPDATE' then
      for r in
        select oc.workspace_id, array_agg(distinct oc.contact_id) as ids
        from changed_rows o
        join opportunity_contacts oc
          on oc.workspace_id = o.workspace_id and oc.opportunity_id = o.id
        group by oc.workspace_id
      loop
        perform refresh_lead_milestones(r.workspace_id, r.ids, true);
      end loop;
    end if;
    return null;
  end $$`,
  `create function milestones_after_deal_contacts() returns trigger language plpgsql as $$
  declare
    r record;
  begin
    for r in
      select workspace_id, array_agg(distinct contact_id) as ids
      from changed_rows group by workspace_id
    loop
      perform refresh_lead_milestones(r.workspace_id, r.ids, TG_OP <> 'INSERT');
    end loop;
    return null;
  end $$`,
]

export const TRIGGERS = [
  ['insert', 'insert', 'new'],
  // An update may move rows from one entity to another (a merge): both are recomputed.
  ['update_old', 'update', 'old'],
  ['update_new', 'update', 'new'],
  ['delete', 'delete', 'old'],
] as const

/**
 * Statement triggers with transition tables fire on one event and see one table each, which
 * they name `changed_rows`: the new rows of an insert or update, the old rows of an update or
 * delete.
 */
function triggersOn(table: string, fn: string): string[] {
  return TRIGGERS.map(
    ([name, event, rows]) =>
      `create trigger ${table}_milestones_${name} after ${event} on ${table}
      referencing ${rows} table as changed_rows for each statement execute function ${fn}()`,
  )
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    ...milestoneStatements(LEAD),
    ...milestoneStatements(ACCOUNT),
    ...triggerFunctions,
    ...triggersOn('stage_transitions', 'milestones_after_transitions'),
    ...triggersOn('opportunities', 'milestones_after_deals'),
    ...triggersOn('opportunity_contacts', 'milestones_after_deal_contacts'),
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const statements = [
    ...['stage_transitions', 'opportunities', 'opportunity_contacts'].flatMap((table) =>
      TRIGGERS.map(([name]) => `drop trigger if exists ${table}_milestones_${name} on ${table}`),
    ),
    'drop function if exists milestones_after_transitions()',
    'drop function if exists milestones_after_deals()',
    'drop function if exists milestones_after_deal_contacts()',
    'drop function if exists refresh_lead_milestones(uuid, uuid[], boolean)',
    'drop function if exists refresh_account_milestones(uuid, uuid[], boolean)',
    'drop table if exists lead_milestones',
    'drop table if exists account_milestones',
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

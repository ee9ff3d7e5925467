import { type Kysely, sql } from 'kysely'
import { LEAD, refreshFunction } from './0006-funnel-milestones.ts'

// The lead funnel is cut by what the person's own row says: where they came from (source and
// source campaign), who owns them, and their account (for the SDR and the segment). Kept beside
// the milestones, these let a cut funnel read one narrow row per person instead of joining every
// contact row, which carries the person's whole profile and score state.
//
// The database keeps them in step: the milestones' refresh copies them whenever it writes a
// person's row, and a change of any of them on the contact copies it over.

const FACTS = ['source', 'source_campaign_id', 'owner_id', 'account_id'] as const

const statements: readonly string[] = [
  `alter table lead_milestones
    add column source text,
    add column source_campaign_id uuid,
    add column owner_id uuid,
    add column account_id uuid`,
  refreshFunction(LEAD, FACTS),
  `update lead_milestones m set ${FACTS.map((f) => `${f} = c.${f}`).join(', ')}
    from contacts c where c.workspace_id = m.workspace_id and c.id = m.contact_id`,
  `create function lead_milestones_after_contact() returns trigger language plpgsql as $$
  begin
    update lead_milestones set ${FACTS.map((f) => `${f} = new.${f}`).join(', ')}
    where workspace_id = new.workspace_id and contact_id = new.id;
    return null;
  end $$`,
  `create trigger contacts_lead_milestones after update of ${FACTS.join(', ')} on contacts
    for each row when (${FACTS.map((f) => `old.${f} is distinct from new.${f}`).join(' or ')})
    execute function lead_milestones_after_contact()`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const statements = [
    'drop trigger if exists contacts_lead_milestones on contacts',
    'drop function if exists lead_milestones_after_contact()',
    refreshFunction(LEAD, []),
    `alter table lead_milestones ${FACTS.map((f) => `drop column if exists ${f}`).join(', ')}`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

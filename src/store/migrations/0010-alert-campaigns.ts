import { type Kysely, sql } from 'kysely'

// Alerts and digests to reps as campaigns (seed 004): each kind has a goal (an action within a
// window) and variants of its wording, one drawn per message; opens, clicks and the first
// qualifying action are kept on the notification, which the results compare per variant.
const statements: readonly string[] = [
  `create table alert_campaigns (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    key text not null,
    goal_actions text[] not null,
    window_minutes integer not null check (window_minutes > 0),
    variants jsonb not null,
    promoted_variant text,
    updated_at timestamptz not null,
    primary key (workspace_id, key)
  )`,

  // An unguessable token for the tracking pixel, the click redirect and the acknowledgement;
  // it starts with the workspace id, so it is looked up within one workspace.
  `alter table notifications add column track_token text`,
  `create unique index notifications_track_token_idx on notifications (workspace_id, track_token)`,
  `alter table notifications add column acted_action text
     check (acted_action in ('answer', 'touch', 'view'))`,
  // A rep's action looks up their alerts about the entity that are still waiting for one.
  `create index notifications_unacted_idx on notifications (workspace_id, recipient_id, entity_id)
     where acted_at is null`,
  `create index notifications_campaign_idx on notifications (workspace_id, campaign_key, created_at)`,

  `alter table users add column digest_frequency text not null default 'off'
     check (digest_frequency in ('daily', 'weekly', 'off'))`,

  // Set when an account's surge was announced, cleared when its momentum falls back.
  `alter table accounts add column surging_since timestamptz`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const statements = [
    'alter table accounts drop column if exists surging_since',
    'alter table users drop column if exists digest_frequency',
    'drop index if exists notifications_campaign_idx',
    'drop index if exists notifications_unacted_idx',
    'alter table notifications drop column if exists acted_action',
    'drop index if exists notifications_track_token_idx',
    'alter table notifications drop column if exists track_token',
    'drop table if exists alert_campaigns',
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

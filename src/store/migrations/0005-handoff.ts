import { type Kysely, sql } from 'kysely'

// Handoff: routing to a named owner, SLA clocks as timers, notifications delivered by jobs, and
// the marketing hold that lets a person hear one voice at a time.
const statements: readonly string[] = [
  // A rep's share of new leads in their team's weighted round robin.
  `alter table users add column routing_weight numeric(6, 2) not null default 1
     check (routing_weight >= 0)`,

  // Each team's round-robin credits, carried from one routing decision to the next.
  `create table routing_state (
    workspace_id uuid not null,
    team_id uuid not null,
    credits jsonb not null default '{}',
    updated_at timestamptz not null,
    primary key (workspace_id, team_id),
    foreign key (workspace_id, team_id) references teams (workspace_id, id) on delete cascade
  )`,

  `alter table assignments add column team_id uuid`,
  `alter table assignments add column motion text check (motion in ('volume', 'account_based'))`,
  `alter table assignments add column reassigned_from uuid`,
  // The timers replace these: each reminder and breach is a row with its own fired time.
  `alter table assignments drop column reminded_at`,
  `alter table assignments drop column escalated_at`,
  `create unique index assignments_one_open_idx on assignments (workspace_id, entity_type, entity_id, kind)
     where status in ('pending', 'accepted')`,

  // Every SLA reminder and breach of an assignment: fired exactly once, or cancelled when the
  // owner answered in time. The sweep reads the due ones through the partial index.
  `create table sla_timers (
    workspace_id uuid not null,
    id uuid not null,
    assignment_id uuid not null,
    clock text not null check (clock in ('accept', 'first_touch')),
    kind text not null check (kind in ('reminder', 'breach')),
    due_at timestamptz not null,
    fired_at timestamptz,
    cancelled_at timestamptz,
    primary key (workspace_id, id),
    unique (workspace_id, assignment_id, clock, kind),
    foreign key (workspace_id, assignment_id) references assignments (workspace_id, id) on delete cascade
  )`,
  `create index sla_timers_due_idx on sla_timers (workspace_id, due_at)
     where fired_at is null and cancelled_at is null`,

  `alter table notifications add column attempts integer not null default 0`,
  `alter table notifications add column last_error text`,
  `alter table notifications add column link text`,
  // The outbox: notifications not delivered yet, oldest first.
  `create index notifications_outbox_idx on notifications (workspace_id, created_at)
     where sent_at is null`,

  // After a sales touch, marketing sends to the person wait until this time.
  `alter table contacts add column marketing_hold_until timestamptz`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const statements = [
    'alter table contacts drop column if exists marketing_hold_until',
    'drop index if exists notifications_outbox_idx',
    'alter table notifications drop column if exists link',
    'alter table notifications drop column if exists last_error',
    'alter table notifications drop column if exists attempts',
    'drop table if exists sla_timers',
    'drop index if exists assignments_one_open_idx',
    'alter table assignments add column if not exists escalated_at timestamptz',
    'alter table assignments add column if not exists reminded_at timestamptz',
    'alter table assignments drop column if exists reassigned_from',
    'alter table assignments drop column if exists motion',
    'alter table assignments drop column if exists team_id',
    'drop table if exists routing_state',
    'alter table users drop column if exists routing_weight',
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

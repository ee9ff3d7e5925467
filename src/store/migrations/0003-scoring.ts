import { type Kysely, sql } from 'kysely'

// Scores under the active contracts. A score's state is stored as of its scoring time (sums per
// rule, signal times) so it can be read, decayed and explained at any later time; the plain
// columns beside it (fit_grade, engagement_score, icp_tier, ...) hold the same score as of that
// time for lists and filters.
const statements: readonly string[] = [
  'alter table contacts add column score_state jsonb',
  'alter table accounts add column score_state jsonb',
  `alter table accounts add column scored_at timestamptz`,

  // A full re-score of a workspace after a contract changes: batched, resumable from its cursor.
  `create table rescore_runs (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    reason text not null,
    status text not null default 'running' check (status in ('running', 'done', 'failed')),
    phase text not null default 'contacts' check (phase in ('contacts', 'accounts', 'done')),
    cursor uuid,
    total integer not null default 0,
    done integer not null default 0,
    error text,
    started_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    finished_at timestamptz,
    primary key (workspace_id, id)
  )`,
  `create index rescore_runs_running_idx on rescore_runs (workspace_id, started_at)
     where status = 'running'`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const statements = [
    'drop table if exists rescore_runs',
    'alter table accounts drop column if exists scored_at',
    'alter table accounts drop column if exists score_state',
    'alter table contacts drop column if exists score_state',
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

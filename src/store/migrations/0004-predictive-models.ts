import { type Kysely, sql } from 'kysely'

// The predictive score: models trained on a workspace's won and not-won history, and each
// contact's win probability under the model that scored it last. A model row is written when
// training is requested, so a failed or interrupted training leaves its reason behind.
const statements: readonly string[] = [
  `create table predictive_models (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    status text not null default 'training' check (status in ('training', 'ready', 'failed')),
    features jsonb not null default '[]',
    model jsonb,
    evaluation jsonb,
    error text,
    trained_at timestamptz,
    created_at timestamptz not null default now(),
    active boolean not null default false,
    primary key (workspace_id, id)
  )`,
  // Predictions are read from the active model, so there is never a doubt which one that is.
  `create unique index predictive_models_active_key on predictive_models (workspace_id)
     where active`,
  `create index predictive_models_created_idx on predictive_models (workspace_id, created_at)`,
  'alter table contacts add column win_probability numeric(6, 5)',
  // No foreign key: a model may be deleted while contacts still carry the probability it gave.
  'alter table contacts add column win_model_id uuid',
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const statements = [
    'alter table contacts drop column if exists win_model_id',
    'alter table contacts drop column if exists win_probability',
    'drop table if exists predictive_models',
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

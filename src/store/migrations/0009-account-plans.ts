import { type Kysely, sql } from 'kysely'

// Account plans and plays (seed 000): plays get a name, an owner, the campaign whose activities
// they produce, and custom kinds; one active plan per account; and the content variants a
// website or email shows an account according to its tier, stage and plan.
const statements: readonly string[] = [
  `alter table plays drop constraint plays_kind_check`,
  `alter table plays add constraint plays_kind_check check (kind in
     ('account_profiling', 'lifecycle_nurturing', 'dynamic_content', 'pipeline_acceleration', 'custom'))`,
  `alter table plays add column name text not null default ''`,
  `alter table plays add column owner_id uuid`,
  `alter table plays add foreign key (workspace_id, owner_id) references users (workspace_id, id)`,
  `alter table plays add column campaign_id uuid`,
  `alter table plays add foreign key (workspace_id, campaign_id) references campaigns (workspace_id, id)`,
  `alter table plays add column reason text`,
  `alter table plays add column updated_at timestamptz not null default now()`,
  `create unique index account_plans_one_active_idx on account_plans (workspace_id, account_id)
     where status = 'active'`,

  `create table content_variants (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    slot text not null,
    name text not null,
    tier smallint check (tier in (1, 2, 3)),
    account_stage text check (account_stage in ('target', 'engaged', 'qualified', 'opportunity', 'customer')),
    buying_stage text check (buying_stage in ('awareness', 'consideration', 'decision', 'purchase')),
    with_plan boolean,
    content jsonb not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (workspace_id, id),
    unique (workspace_id, slot, name)
  )`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const statements = [
    'drop table if exists content_variants',
    'drop index if exists account_plans_one_active_idx',
    'alter table plays drop column if exists updated_at',
    'alter table plays drop column if exists reason',
    'alter table plays drop column if exists campaign_id',
    'alter table plays drop column if exists owner_id',
    'alter table plays drop column if exists name',
    `delete from plays where kind = 'custom'`,
    'alter table plays drop constraint if exists plays_kind_check',
    `alter table plays add constraint plays_kind_check check (kind in
       ('account_profiling', 'lifecycle_nurturing', 'dynamic_content', 'pipeline_acceleration'))`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

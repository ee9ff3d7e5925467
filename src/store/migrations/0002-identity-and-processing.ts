import { type Kysely, sql } from 'kysely'

// Identity resolution, lead-to-account matching and imports.
const statements: readonly string[] = [
  // Fuzzy company-name matching: trigram similarity, indexed per workspace.
  'create extension if not exists pg_trgm',
  'create extension if not exists btree_gin',
  `create index accounts_name_trgm_idx on accounts using gin (workspace_id, normalized_name gin_trgm_ops)`,

  // Events are stored as received, then processed in arrival order (identity, account, activity).
  // seq gives that order; processed_at marks what the processor has done, in the same transaction.
  'alter table events add column seq bigint generated always as identity',
  'alter table events add column processed_at timestamptz',
  // Set when an event could not be processed: it is kept, skipped, and listed for a person.
  'alter table events add column processing_error text',
  `create index events_pending_idx on events (workspace_id, seq) where processed_at is null`,
  `create index events_anonymous_idx on events (workspace_id, anonymous_id) where contact_id is null`,

  // One activity per event: re-processing (an anonymous visitor identified later) updates it.
  `create unique index activities_event_key on activities (workspace_id, event_id)
     where event_id is not null`,

  // Ids a record carries in another system (HubSpot, Salesforce, a CSV source, Segment groupId):
  // re-importing the same file, or the same group, finds the same record.
  `create table external_ids (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    entity_type text not null check (entity_type in ('contact', 'account', 'opportunity', 'activity', 'user')),
    source text not null,
    external_id text not null,
    entity_id uuid not null,
    primary key (workspace_id, entity_type, source, external_id)
  )`,
  `create index external_ids_entity_idx on external_ids (workspace_id, entity_type, entity_id)`,

  // A weak lead-to-account match is proposed for review, never linked silently.
  `alter table contacts add column account_candidate_id uuid`,
  `alter table contacts add foreign key (workspace_id, account_candidate_id)
     references accounts (workspace_id, id) on delete set null`,
  // The same person twice: addresses that differ only by case, a +tag or Gmail's dots.
  `alter table contacts add column canonical_email text`,
  `create index contacts_canonical_email_idx on contacts (workspace_id, canonical_email)`,
  // Only the matches waiting for a person are looked up by status.
  `create index contacts_match_review_idx on contacts (workspace_id, id)
     where account_match_status = 'review'`,
  `create index contacts_data_quality_idx on contacts using gin (workspace_id, data_quality_issues)`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const statements = [
    'drop index if exists contacts_data_quality_idx',
    'drop index if exists contacts_match_review_idx',
    'drop index if exists contacts_canonical_email_idx',
    'alter table contacts drop column if exists canonical_email',
    'alter table contacts drop column if exists account_candidate_id',
    'drop table if exists external_ids',
    'drop index if exists events_anonymous_idx',
    'drop index if exists events_pending_idx',
    'alter table events drop column if exists processing_error',
    'alter table events drop column if exists processed_at',
    'drop index if exists activities_event_key',
    'alter table events drop column if exists seq',
    'drop index if exists accounts_name_trgm_idx',
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

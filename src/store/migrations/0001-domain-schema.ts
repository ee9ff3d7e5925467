import { type Kysely, sql } from 'kysely'

// The whole domain in one first migration, so later work extends tables instead of reshaping them.
// Every table leads its primary key and indexes with workspace_id: it is the distribution and
// row-level-security key (see DESIGN.md, "Storage").
const statements: readonly string[] = [
  `create table workspaces (
    id uuid primary key,
    slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name text not null,
    time_zone text not null default 'UTC',
    settings jsonb not null default '{}',
    created_at timestamptz not null default now()
  )`,

  `create table teams (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    name text not null,
    function text not null check (function in ('marketing', 'sdr', 'sales', 'cs')),
    motion text check (motion in ('volume', 'account_based')),
    manager_id uuid,
    created_at timestamptz not null default now(),
    primary key (workspace_id, id),
    unique (workspace_id, name)
  )`,

  `create table users (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    email text not null,
    name text not null,
    role text not null check (role in ('admin', 'marketing', 'sales', 'sdr', 'ae', 'cs')),
    team_id uuid,
    manager_id uuid,
    motion text check (motion in ('volume', 'account_based')),
    capacity integer not null default 0 check (capacity >= 0),
    time_zone text not null default 'UTC',
    working_hours jsonb not null default '{}',
    out_of_office jsonb not null default '[]',
    password_hash text,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    primary key (workspace_id, id),
    foreign key (workspace_id, team_id) references teams (workspace_id, id),
    foreign key (workspace_id, manager_id) references users (workspace_id, id)
  )`,
  `create unique index users_email_key on users (workspace_id, lower(email))`,
  `alter table teams add foreign key (workspace_id, manager_id) references users (workspace_id, id)`,

  `create table sessions (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    user_id uuid not null,
    token_hash text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    primary key (workspace_id, id),
    unique (workspace_id, token_hash),
    foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
  )`,

  // API keys and ingestion write keys share one table: a write key is a key whose only scope is
  // 'ingest'. The key string carries its workspace id, so lookups stay inside one workspace.
  `create table api_keys (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    kind text not null check (kind in ('api', 'write')),
    name text not null,
    key_hash text not null,
    key_hint text not null,
    scopes text[] not null check (cardinality(scopes) > 0),
    user_id uuid,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz,
    primary key (workspace_id, id),
    unique (workspace_id, key_hash),
    foreign key (workspace_id, user_id) references users (workspace_id, id) on delete set null
  )`,

  `create table campaigns (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    key text not null,
    name text not null,
    channel text not null,
    type text,
    utm_source text,
    utm_medium text,
    status text not null default 'active' check (status in ('planned', 'active', 'completed', 'archived')),
    starts_at timestamptz,
    ends_at timestamptz,
    cost numeric(14, 2),
    created_at timestamptz not null default now(),
    primary key (workspace_id, id),
    unique (workspace_id, key)
  )`,

  `create table accounts (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    name text not null,
    normalized_name text not null,
    domain text,
    website text,
    industry text,
    employees integer check (employees >= 0),
    annual_revenue numeric(18, 2),
    country text,
    region text,
    city text,
    technologies text[] not null default '{}',
    parent_account_id uuid,
    owner_id uuid,
    sdr_id uuid,
    is_target boolean not null default false,
    icp_tier smallint check (icp_tier in (1, 2, 3)),
    icp_reasons jsonb not null default '[]',
    icp_definition_version integer,
    engagement_score numeric(10, 2) not null default 0,
    engagement_by_function jsonb not null default '{}',
    momentum numeric(10, 4),
    buying_stage text check (buying_stage in ('awareness', 'consideration', 'decision', 'purchase')),
    stage text check (stage in ('target', 'engaged', 'qualified', 'opportunity', 'customer')),
    stage_changed_at timestamptz,
    external_ids jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (workspace_id, id),
    foreign key (workspace_id, parent_account_id) references accounts (workspace_id, id),
    foreign key (workspace_id, owner_id) references users (workspace_id, id),
    foreign key (workspace_id, sdr_id) references users (workspace_id, id)
  )`,
  `create index accounts_normalized_name_idx on accounts (workspace_id, normalized_name)`,
  `create index accounts_owner_idx on accounts (workspace_id, owner_id)`,
  `create index accounts_stage_idx on accounts (workspace_id, stage)`,

  // Every domain an account answers to; the lead-to-account matcher looks up email domains here.
  `create table account_domains (
    workspace_id uuid not null,
    domain text not null check (domain = lower(domain)),
    account_id uuid not null,
    primary key (workspace_id, domain),
    foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade
  )`,
  `create index account_domains_account_idx on account_domains (workspace_id, account_id)`,

  `create table contacts (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    email text,
    user_id text,
    first_name text,
    last_name text,
    title text,
    seniority text,
    department text,
    phone text,
    country text,
    city text,
    company_name text,
    website text,
    traits jsonb not null default '{}',
    account_id uuid,
    account_match_method text check (account_match_method in ('group', 'domain', 'name', 'website', 'manual', 'import')),
    account_match_confidence numeric(4, 3) check (account_match_confidence between 0 and 1),
    account_match_status text not null default 'unmatched' check (account_match_status in ('unmatched', 'linked', 'review')),
    owner_id uuid,
    lifecycle_stage text not null default 'inquiry' check (lifecycle_stage in ('inquiry', 'lead', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost', 'recycled', 'disqualified')),
    lifecycle_stage_changed_at timestamptz,
    fit_grade char(1) check (fit_grade in ('A', 'B', 'C', 'D')),
    fit_score numeric(10, 2),
    engagement_score numeric(10, 2) not null default 0,
    score_definition_version integer,
    scored_at timestamptz,
    exploring_since timestamptz,
    data_quality_issues text[] not null default '{}',
    source text,
    source_campaign_id uuid,
    erased_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (workspace_id, id),
    foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete set null,
    foreign key (workspace_id, owner_id) references users (workspace_id, id),
    foreign key (workspace_id, source_campaign_id) references campaigns (workspace_id, id)
  )`,
  `create unique index contacts_email_key on contacts (workspace_id, lower(email)) where email is not null`,
  `create unique index contacts_user_id_key on contacts (workspace_id, user_id) where user_id is not null`,
  `create index contacts_account_idx on contacts (workspace_id, account_id)`,
  `create index contacts_owner_idx on contacts (workspace_id, owner_id)`,
  `create index contacts_stage_idx on contacts (workspace_id, lifecycle_stage)`,

  // Anonymous ids, user ids and emails that resolve to a contact (identify and alias merge here).
  `create table contact_identities (
    workspace_id uuid not null,
    kind text not null check (kind in ('anonymous_id', 'user_id', 'email')),
    value text not null,
    contact_id uuid not null,
    created_at timestamptz not null default now(),
    primary key (workspace_id, kind, value),
    foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade
  )`,
  `create index contact_identities_contact_idx on contact_identities (workspace_id, contact_id)`,

  // Consent and suppression per channel; an unsubscribe outranks weaker reasons (see issue 9).
  `create table contact_consents (
    workspace_id uuid not null,
    contact_id uuid not null,
    channel text not null check (channel in ('email', 'phone', 'sms', 'ads', 'all')),
    status text not null check (status in ('granted', 'suppressed')),
    reason text check (reason in ('opt_in', 'unsubscribed', 'bounced', 'complained', 'manual', 'erased')),
    updated_at timestamptz not null default now(),
    primary key (workspace_id, contact_id, channel),
    foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade
  )`,

  // Raw Segment-shaped events, exactly as received; message_id makes retries idempotent.
  `create table events (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    message_id text not null,
    type text not null check (type in ('identify', 'track', 'page', 'screen', 'group', 'alias')),
    event text,
    anonymous_id text,
    user_id text,
    contact_id uuid,
    account_id uuid,
    payload jsonb not null,
    timestamp timestamptz not null,
    received_at timestamptz not null default now(),
    primary key (workspace_id, id),
    unique (workspace_id, message_id)
  )`,
  `create index events_contact_idx on events (workspace_id, contact_id, timestamp)`,
  `create index events_account_idx on events (workspace_id, account_id, timestamp)`,

  // Touches: what a person or account did, or what was done to them, by which function.
  `create table activities (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    contact_id uuid,
    account_id uuid,
    event_id uuid,
    type text not null,
    channel text not null,
    function text not null check (function in ('marketing', 'sdr', 'sales', 'cs')),
    campaign_id uuid,
    actor_user_id uuid,
    occurred_at timestamptz not null,
    properties jsonb not null default '{}',
    primary key (workspace_id, id),
    check (contact_id is not null or account_id is not null),
    foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade,
    foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade,
    foreign key (workspace_id, campaign_id) references campaigns (workspace_id, id),
    foreign key (workspace_id, actor_user_id) references users (workspace_id, id)
  )`,
  `create index activities_contact_idx on activities (workspace_id, contact_id, occurred_at)`,
  `create index activities_account_idx on activities (workspace_id, account_id, occurred_at)`,
  `create index activities_campaign_idx on activities (workspace_id, campaign_id, occurred_at)`,

  `create table opportunities (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    account_id uuid not null,
    name text not null,
    owner_id uuid,
    amount numeric(14, 2) not null default 0 check (amount >= 0),
    currency char(3) not null default 'USD',
    stage text not null,
    is_closed boolean not null default false,
    is_won boolean not null default false,
    loss_reason text,
    source_campaign_id uuid,
    lead_source text,
    external_id text,
    created_at timestamptz not null default now(),
    closed_at timestamptz,
    updated_at timestamptz not null default now(),
    primary key (workspace_id, id),
    check (not is_won or is_closed),
    foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade,
    foreign key (workspace_id, owner_id) references users (workspace_id, id),
    foreign key (workspace_id, source_campaign_id) references campaigns (workspace_id, id)
  )`,
  `create index opportunities_account_idx on opportunities (workspace_id, account_id)`,
  `create index opportunities_created_idx on opportunities (workspace_id, created_at)`,

  `create table opportunity_contacts (
    workspace_id uuid not null,
    opportunity_id uuid not null,
    contact_id uuid not null,
    role text not null default 'influencer' check (role in ('decision_maker', 'economic_buyer', 'champion', 'influencer', 'technical_buyer', 'user', 'other')),
    is_primary boolean not null default false,
    primary key (workspace_id, opportunity_id, contact_id),
    foreign key (workspace_id, opportunity_id) references opportunities (workspace_id, id) on delete cascade,
    foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade
  )`,
  `create index opportunity_contacts_contact_idx on opportunity_contacts (workspace_id, contact_id)`,

  // The history of both funnels (and opportunity stages): the source of truth for analytics.
  `create table stage_transitions (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    funnel text not null check (funnel in ('lead', 'account', 'opportunity')),
    entity_id uuid not null,
    from_stage text,
    to_stage text not null,
    at timestamptz not null,
    actor_type text not null check (actor_type in ('user', 'rule', 'system', 'import')),
    actor_id text,
    reason_code text,
    reason text,
    primary key (workspace_id, id)
  )`,
  `create index stage_transitions_entity_idx on stage_transitions (workspace_id, funnel, entity_id, at)`,
  `create index stage_transitions_stage_idx on stage_transitions (workspace_id, funnel, to_stage, at)`,

  // A person or account handed to a named owner, with the SLA clocks both sides are held to.
  `create table assignments (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    entity_type text not null check (entity_type in ('contact', 'account')),
    entity_id uuid not null,
    kind text not null check (kind in ('mql', 'explore', 'account', 'manual')),
    owner_id uuid not null,
    status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected', 'recycled', 'disqualified', 'reassigned')),
    assigned_at timestamptz not null,
    accept_due_at timestamptz,
    first_touch_due_at timestamptz,
    accepted_at timestamptz,
    rejected_at timestamptz,
    first_touch_at timestamptz,
    closed_at timestamptz,
    reminded_at timestamptz,
    escalated_at timestamptz,
    reason_code text check (reason_code in ('bad_data', 'not_icp', 'no_budget', 'wrong_timing', 'competitor', 'duplicate', 'already_in_conversation', 'other')),
    reason_text text,
    routing_reasons jsonb not null default '[]',
    routing_definition_version integer,
    created_at timestamptz not null default now(),
    primary key (workspace_id, id),
    foreign key (workspace_id, owner_id) references users (workspace_id, id)
  )`,
  `create index assignments_owner_idx on assignments (workspace_id, owner_id, status)`,
  `create index assignments_entity_idx on assignments (workspace_id, entity_type, entity_id)`,

  // Versioned contracts both sides approve: qualification definition, ICP, routing, SLA policy.
  `create table definitions (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    kind text not null check (kind in ('qualification', 'icp', 'routing', 'sla')),
    version integer not null check (version > 0),
    name text not null,
    body jsonb not null,
    status text not null default 'draft' check (status in ('draft', 'approved', 'active', 'retired', 'withdrawn')),
    created_by uuid,
    created_at timestamptz not null default now(),
    activated_at timestamptz,
    retired_at timestamptz,
    primary key (workspace_id, id),
    unique (workspace_id, kind, version)
  )`,
  `create unique index definitions_one_active_idx on definitions (workspace_id, kind) where status = 'active'`,

  `create table definition_approvals (
    workspace_id uuid not null,
    definition_id uuid not null,
    side text not null check (side in ('marketing', 'sales')),
    user_id uuid not null,
    approved_at timestamptz not null default now(),
    comment text,
    primary key (workspace_id, definition_id, side),
    foreign key (workspace_id, definition_id) references definitions (workspace_id, id) on delete cascade,
    foreign key (workspace_id, user_id) references users (workspace_id, id)
  )`,

  `create table account_plans (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    account_id uuid not null,
    owner_id uuid,
    period_start date not null,
    period_end date not null,
    goals jsonb not null default '[]',
    status text not null default 'draft' check (status in ('draft', 'active', 'closed')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (workspace_id, id),
    check (period_end >= period_start),
    foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade,
    foreign key (workspace_id, owner_id) references users (workspace_id, id)
  )`,
  `create index account_plans_account_idx on account_plans (workspace_id, account_id)`,

  `create table plays (
    workspace_id uuid not null,
    id uuid not null,
    plan_id uuid not null,
    kind text not null check (kind in ('account_profiling', 'lifecycle_nurturing', 'dynamic_content', 'pipeline_acceleration')),
    status text not null default 'proposed' check (status in ('proposed', 'active', 'done', 'dropped')),
    goal text,
    config jsonb not null default '{}',
    starts_at timestamptz,
    ends_at timestamptz,
    created_by uuid,
    created_at timestamptz not null default now(),
    primary key (workspace_id, id),
    foreign key (workspace_id, plan_id) references account_plans (workspace_id, id) on delete cascade
  )`,
  `create index plays_plan_idx on plays (workspace_id, plan_id)`,

  // Alerts and digests to reps are campaigns too: every send records its variant and outcome.
  `create table notifications (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id uuid not null,
    recipient_id uuid not null,
    kind text not null,
    campaign_key text,
    variant text,
    subject text,
    body text,
    entity_type text check (entity_type in ('contact', 'account', 'assignment', 'opportunity')),
    entity_id uuid,
    created_at timestamptz not null default now(),
    sent_at timestamptz,
    opened_at timestamptz,
    clicked_at timestamptz,
    acted_at timestamptz,
    primary key (workspace_id, id),
    foreign key (workspace_id, recipient_id) references users (workspace_id, id) on delete cascade
  )`,
  `create index notifications_recipient_idx on notifications (workspace_id, recipient_id, created_at)`,

  `create table audit_log (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    id bigint generated always as identity,
    at timestamptz not null default now(),
    actor_type text not null check (actor_type in ('user', 'api_key', 'rule', 'system')),
    actor_id text,
    action text not null,
    entity_type text,
    entity_id text,
    details jsonb not null default '{}',
    primary key (workspace_id, id)
  )`,
  `create index audit_log_at_idx on audit_log (workspace_id, at)`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'audit_log',
    'notifications',
    'plays',
    'account_plans',
    'definition_approvals',
    'definitions',
    'assignments',
    'stage_transitions',
    'opportunity_contacts',
    'opportunities',
    'activities',
    'events',
    'contact_consents',
    'contact_identities',
    'contacts',
    'account_domains',
    'accounts',
    'campaigns',
    'api_keys',
    'sessions',
    'users',
    'teams',
    'workspaces',
  ]
  for (const table of tables) await sql.raw(`drop table if exists ${table} cascade`).execute(db)
}

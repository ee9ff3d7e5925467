import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { AccountStage } from '../domain/lifecycle/account-funnel.ts'
import type { LeadStage } from '../domain/lifecycle/lead-funnel.ts'
import type { PlayKind } from '../domain/plans/play-recommendations.ts'

// Typed mirror of the schema in ./migrations. Column types are what the store's type parsers
// produce on both drivers: bigint and numeric as number, timestamptz as Date, date as 'YYYY-MM-DD'.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type Json<T = unknown> = ColumnType<T, T | string | undefined, T | string>
type DefaultedJson<T = unknown> = Json<T>
type Numeric = ColumnType<number, number | string, number | string>

export type Role = 'admin' | 'marketing' | 'sales' | 'sdr' | 'ae' | 'cs'
export type Motion = 'volume' | 'account_based'
export type FunctionName = 'marketing' | 'sdr' | 'sales' | 'cs'
// The funnels' stages are declared once, with their moves, in the domain.
export type { AccountStage, LeadStage }
export type BuyingStage = 'awareness' | 'consideration' | 'decision' | 'purchase'
export type ApiKeyKind = 'api' | 'write'
export type DefinitionKind = 'qualification' | 'icp' | 'routing' | 'sla'

export interface WorkspacesTable {
  id: string
  slug: string
  name: string
  time_zone: Generated<string>
  settings: DefaultedJson<Record<string, unknown>>
  created_at: Generated<Date>
}

export interface TeamsTable {
  workspace_id: string
  id: string
  name: string
  function: FunctionName
  motion: Motion | null
  manager_id: string | null
  created_at: Generated<Date>
}

/** Weekly working hours in the user's time zone, e.g. { mon: [['09:00', '17:00']] }. */
export type WorkingHours = Partial<
  Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>
>

export interface UsersTable {
  workspace_id: string
  id: string
  email: string
  name: string
  role: Role
  team_id: string | null
  manager_id: string | null
  motion: Motion | null
  capacity: Generated<number>
  time_zone: Generated<string>
  working_hours: DefaultedJson<WorkingHours>
  out_of_office: DefaultedJson<{ from: string; to: string }[]>
  password_hash: string | null
  active: Generated<boolean>
  routing_weight: ColumnType<number, number | string | undefined, number | string>
  digest_frequency: Generated<'daily' | 'weekly' | 'off'>
  created_at: Generated<Date>
}

export interface SessionsTable {
  workspace_id: string
  id: string
  user_id: string
  token_hash: string
  created_at: Generated<Date>
  expires_at: Timestamp
}

export interface ApiKeysTable {
  workspace_id: string
  id: string
  kind: ApiKeyKind
  name: string
  key_hash: string
  key_hint: string
  scopes: string[]
  user_id: string | null
  created_at: Generated<Date>
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

export interface CampaignsTable {
  workspace_id: string
  id: string
  key: string
  name: string
  channel: string
  type: string | null
  utm_source: string | null
  utm_medium: string | null
  status: Generated<'planned' | 'active' | 'completed' | 'archived'>
  starts_at: Timestamp | null
  ends_at: Timestamp | null
  cost: Numeric | null
  created_at: Generated<Date>
}

export interface IcpReason {
  readonly rule: string
  readonly detail: string
}

export interface AccountsTable {
  workspace_id: string
  id: string
  name: string
  normalized_name: string
  domain: string | null
  website: string | null
  industry: string | null
  employees: number | null
  annual_revenue: Numeric | null
  country: string | null
  region: string | null
  city: string | null
  technologies: Generated<string[]>
  parent_account_id: string | null
  owner_id: string | null
  sdr_id: string | null
  is_target: Generated<boolean>
  icp_tier: 1 | 2 | 3 | null
  icp_reasons: DefaultedJson<IcpReason[]>
  icp_definition_version: number | null
  engagement_score: Generated<Numeric>
  engagement_by_function: DefaultedJson<Partial<Record<FunctionName, number>>>
  momentum: Numeric | null
  buying_stage: BuyingStage | null
  stage: AccountStage | null
  stage_changed_at: Timestamp | null
  external_ids: DefaultedJson<Record<string, string>>
  /** AccountScoreState as of scored_at (domain/scoring/account-score.ts). */
  score_state: Json<Record<string, unknown>> | null
  scored_at: Timestamp | null
  surging_since: Timestamp | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface AccountDomainsTable {
  workspace_id: string
  domain: string
  account_id: string
}

export interface ContactsTable {
  workspace_id: string
  id: string
  email: string | null
  user_id: string | null
  first_name: string | null
  last_name: string | null
  title: string | null
  seniority: string | null
  department: string | null
  phone: string | null
  country: string | null
  city: string | null
  company_name: string | null
  website: string | null
  traits: DefaultedJson<Record<string, unknown>>
  account_id: string | null
  account_match_method: 'group' | 'domain' | 'name' | 'website' | 'manual' | 'import' | null
  account_match_confidence: Numeric | null
  account_match_status: Generated<'unmatched' | 'linked' | 'review'>
  /** The account a weak match proposes, waiting for a person to confirm it. */
  account_candidate_id: string | null
  /** The address with case, +tags and Gmail dots removed: equal keys mean the same person. */
  canonical_email: string | null
  owner_id: string | null
  lifecycle_stage: Generated<LeadStage>
  lifecycle_stage_changed_at: Timestamp | null
  fit_grade: 'A' | 'B' | 'C' | 'D' | null
  fit_score: Numeric | null
  engagement_score: Generated<Numeric>
  score_definition_version: number | null
  scored_at: Timestamp | null
  exploring_since: Timestamp | null
  marketing_hold_until: Timestamp | null
  data_quality_issues: Generated<string[]>
  source: string | null
  source_campaign_id: string | null
  erased_at: Timestamp | null
  /** ContactScoreState as of scored_at (domain/scoring/contact-score.ts). */
  score_state: Json<Record<string, unknown>> | null
  /** Chance of being won under the predictive model win_model_id (predictive_models). */
  win_probability: Numeric | null
  win_model_id: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface ContactIdentitiesTable {
  workspace_id: string
  kind: 'anonymous_id' | 'user_id' | 'email'
  value: string
  contact_id: string
  created_at: Generated<Date>
}

export interface ContactConsentsTable {
  workspace_id: string
  contact_id: string
  channel: 'email' | 'phone' | 'sms' | 'ads' | 'all'
  status: 'granted' | 'suppressed'
  reason: 'opt_in' | 'unsubscribed' | 'bounced' | 'complained' | 'manual' | 'erased' | null
  source: Generated<'person' | 'user' | 'import' | 'system'>
  updated_at: Generated<Date>
}

/** One-way hashes of an erased person's identifiers, so they cannot bring the record back. */
export interface ErasedIdentitiesTable {
  workspace_id: string
  kind: string
  value_hash: string
  contact_id: string
  erased_at: Date
}

export type EventType = 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias'

export interface EventsTable {
  workspace_id: string
  id: string
  message_id: string
  type: EventType
  event: string | null
  anonymous_id: string | null
  user_id: string | null
  contact_id: string | null
  account_id: string | null
  payload: Json<Record<string, unknown>>
  timestamp: Timestamp
  received_at: Generated<Date>
  seq: Generated<number>
  processed_at: Timestamp | null
  processing_error: string | null
}

export interface ActivitiesTable {
  workspace_id: string
  id: string
  contact_id: string | null
  account_id: string | null
  event_id: string | null
  type: string
  channel: string
  function: FunctionName
  campaign_id: string | null
  actor_user_id: string | null
  occurred_at: Timestamp
  properties: DefaultedJson<Record<string, unknown>>
}

export interface OpportunitiesTable {
  workspace_id: string
  id: string
  account_id: string
  name: string
  owner_id: string | null
  amount: Numeric
  currency: Generated<string>
  stage: string
  is_closed: Generated<boolean>
  is_won: Generated<boolean>
  loss_reason: string | null
  source_campaign_id: string | null
  lead_source: string | null
  external_id: string | null
  created_at: Generated<Date> | Timestamp
  closed_at: Timestamp | null
  updated_at: Generated<Date>
}

export type ContactRole =
  | 'decision_maker'
  | 'economic_buyer'
  | 'champion'
  | 'influencer'
  | 'technical_buyer'
  | 'user'
  | 'other'

export interface OpportunityContactsTable {
  workspace_id: string
  opportunity_id: string
  contact_id: string
  role: Generated<ContactRole>
  is_primary: Generated<boolean>
}

export interface StageTransitionsTable {
  workspace_id: string
  id: string
  funnel: 'lead' | 'account' | 'opportunity'
  entity_id: string
  from_stage: string | null
  to_stage: string
  at: Timestamp
  actor_type: 'user' | 'rule' | 'system' | 'import'
  actor_id: string | null
  reason_code: string | null
  reason: string | null
}

export type AssignmentReasonCode =
  | 'bad_data'
  | 'not_icp'
  | 'no_budget'
  | 'wrong_timing'
  | 'competitor'
  | 'duplicate'
  | 'already_in_conversation'
  | 'other'

/** When a person first reached each step of the lead funnel (kept by the database). */
export interface LeadMilestonesTable {
  workspace_id: string
  contact_id: string
  inquiry_at: Timestamp | null
  lead_at: Timestamp | null
  mql_at: Timestamp | null
  sal_at: Timestamp | null
  sql_at: Timestamp | null
  opportunity_at: Timestamp | null
  won_at: Timestamp | null
  // Copied from the contact, for the report's cuts.
  source: string | null
  source_campaign_id: string | null
  owner_id: string | null
  account_id: string | null
}

/** A counter per deal the database moves when what its attribution is computed from changes. */
export interface AttributionVersionsTable {
  workspace_id: string
  opportunity_id: string
  version: Generated<number>
}

/** A deal's attribution under one split (model and grouping), and the version it came from. */
export interface AttributedDealsTable {
  workspace_id: string
  split: string
  opportunity_id: string
  version: number
  opened_at: Timestamp
  amount_cents: number
  unattributed_cents: number
}

/** One campaign's or channel's part in a deal's stored split. */
export interface AttributedSharesTable {
  workspace_id: string
  split: string
  opportunity_id: string
  key: string | null
  opened_at: Timestamp
  amount_cents: number
  won: boolean
  cents: number
  credited: boolean
  sourced: boolean
  influenced: boolean
}

/** When an account first reached each step of the account funnel (kept by the database). */
export interface AccountMilestonesTable {
  workspace_id: string
  account_id: string
  target_at: Timestamp | null
  engaged_at: Timestamp | null
  qualified_at: Timestamp | null
  opportunity_at: Timestamp | null
  customer_at: Timestamp | null
}

export interface AssignmentsTable {
  workspace_id: string
  id: string
  entity_type: 'contact' | 'account'
  entity_id: string
  kind: 'mql' | 'explore' | 'account' | 'manual'
  owner_id: string
  status: Generated<
    'pending' | 'accepted' | 'rejected' | 'recycled' | 'disqualified' | 'reassigned'
  >
  assigned_at: Timestamp
  accept_due_at: Timestamp | null
  first_touch_due_at: Timestamp | null
  accepted_at: Timestamp | null
  rejected_at: Timestamp | null
  first_touch_at: Timestamp | null
  closed_at: Timestamp | null
  reason_code: AssignmentReasonCode | null
  reason_text: string | null
  routing_reasons: DefaultedJson<unknown[]>
  routing_definition_version: number | null
  team_id: string | null
  motion: Motion | null
  reassigned_from: string | null
  created_at: Generated<Date>
}

export interface RoutingStateTable {
  workspace_id: string
  team_id: string
  credits: Json<Record<string, number>>
  updated_at: Timestamp
}

export interface SlaTimersTable {
  workspace_id: string
  id: string
  assignment_id: string
  clock: 'accept' | 'first_touch'
  kind: 'reminder' | 'breach'
  due_at: Timestamp
  fired_at: Timestamp | null
  cancelled_at: Timestamp | null
}

export interface DefinitionsTable {
  workspace_id: string
  id: string
  kind: DefinitionKind
  version: number
  name: string
  body: Json<Record<string, unknown>>
  status: Generated<'draft' | 'approved' | 'active' | 'retired' | 'withdrawn'>
  created_by: string | null
  created_at: Generated<Date>
  activated_at: Timestamp | null
  retired_at: Timestamp | null
}

export interface DefinitionApprovalsTable {
  workspace_id: string
  definition_id: string
  side: 'marketing' | 'sales'
  user_id: string
  approved_at: Generated<Date>
  comment: string | null
}

export interface AccountPlansTable {
  workspace_id: string
  id: string
  account_id: string
  owner_id: string | null
  period_start: string
  period_end: string
  goals: DefaultedJson<unknown[]>
  status: Generated<'draft' | 'active' | 'closed'>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface PlaysTable {
  workspace_id: string
  id: string
  plan_id: string
  kind: PlayKind
  status: Generated<'proposed' | 'active' | 'done' | 'dropped'>
  name: Generated<string>
  goal: string | null
  owner_id: string | null
  campaign_id: string | null
  reason: string | null
  config: DefaultedJson<Record<string, unknown>>
  starts_at: Timestamp | null
  ends_at: Timestamp | null
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** A variant of a page slot or email block, shown to accounts that match its criteria. */
export interface ContentVariantsTable {
  workspace_id: string
  id: string
  slot: string
  name: string
  tier: 1 | 2 | 3 | null
  account_stage: AccountStage | null
  buying_stage: 'awareness' | 'consideration' | 'decision' | 'purchase' | null
  with_plan: boolean | null
  content: Json<unknown>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface NotificationsTable {
  workspace_id: string
  id: string
  recipient_id: string
  kind: string
  campaign_key: string | null
  variant: string | null
  subject: string | null
  body: string | null
  entity_type: 'contact' | 'account' | 'assignment' | 'opportunity' | null
  entity_id: string | null
  created_at: Generated<Date>
  sent_at: Timestamp | null
  opened_at: Timestamp | null
  clicked_at: Timestamp | null
  acted_at: Timestamp | null
  attempts: Generated<number>
  last_error: string | null
  link: string | null
  track_token: string | null
  acted_action: 'answer' | 'touch' | 'view' | null
}

export interface AlertCampaignsTable {
  workspace_id: string
  key: string
  goal_actions: ColumnType<string[], string[], string[]>
  window_minutes: number
  /** AlertVariant[] (domain/alerts/alert-campaign-defaults.ts). */
  variants: Json<{ name: string; subject: string; body: string; weight: number }[]>
  promoted_variant: string | null
  updated_at: Timestamp
}

export interface AuditLogTable {
  workspace_id: string
  id: Generated<number>
  at: Generated<Date>
  actor_type: 'user' | 'api_key' | 'rule' | 'system'
  actor_id: string | null
  action: string
  entity_type: string | null
  entity_id: string | null
  details: DefaultedJson<Record<string, unknown>>
}

export interface RescoreRunsTable {
  workspace_id: string
  id: string
  reason: string
  status: Generated<'running' | 'done' | 'failed'>
  phase: Generated<'contacts' | 'accounts' | 'done'>
  cursor: string | null
  total: Generated<number>
  done: Generated<number>
  error: string | null
  started_at: Generated<Date>
  updated_at: Generated<Date>
  finished_at: Timestamp | null
}

export interface PredictiveModelsTable {
  workspace_id: string
  id: string
  status: Generated<'training' | 'ready' | 'failed'>
  /** The features the model reads: { name, kind }[] (domain/predictive/feature-encoding.ts). */
  features: DefaultedJson<unknown[]>
  /** LogisticModel (domain/predictive/logistic-regression.ts), once trained. */
  model: Json<Record<string, unknown>> | null
  /** Held-out evaluation and labelled-history summary (services/predictive/predictive-models.ts). */
  evaluation: Json<Record<string, unknown>> | null
  error: string | null
  trained_at: Timestamp | null
  created_at: Generated<Date>
  active: Generated<boolean>
}

export type ExternalEntityType = 'contact' | 'account' | 'opportunity' | 'activity' | 'user'

export interface ExternalIdsTable {
  workspace_id: string
  entity_type: ExternalEntityType
  source: string
  external_id: string
  entity_id: string
}

export interface Database {
  workspaces: WorkspacesTable
  teams: TeamsTable
  users: UsersTable
  sessions: SessionsTable
  api_keys: ApiKeysTable
  campaigns: CampaignsTable
  accounts: AccountsTable
  account_domains: AccountDomainsTable
  contacts: ContactsTable
  contact_identities: ContactIdentitiesTable
  contact_consents: ContactConsentsTable
  erased_identities: ErasedIdentitiesTable
  events: EventsTable
  activities: ActivitiesTable
  opportunities: OpportunitiesTable
  opportunity_contacts: OpportunityContactsTable
  stage_transitions: StageTransitionsTable
  lead_milestones: LeadMilestonesTable
  account_milestones: AccountMilestonesTable
  attribution_versions: AttributionVersionsTable
  attributed_deals: AttributedDealsTable
  attributed_shares: AttributedSharesTable
  assignments: AssignmentsTable
  routing_state: RoutingStateTable
  sla_timers: SlaTimersTable
  definitions: DefinitionsTable
  definition_approvals: DefinitionApprovalsTable
  account_plans: AccountPlansTable
  plays: PlaysTable
  content_variants: ContentVariantsTable
  notifications: NotificationsTable
  alert_campaigns: AlertCampaignsTable
  audit_log: AuditLogTable
  external_ids: ExternalIdsTable
  rescore_runs: RescoreRunsTable
  predictive_models: PredictiveModelsTable
}

export type Workspace = Selectable<WorkspacesTable>
export type NewWorkspace = Insertable<WorkspacesTable>
export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type Account = Selectable<AccountsTable>
export type NewAccount = Insertable<AccountsTable>
export type AccountUpdate = Updateable<AccountsTable>
export type Opportunity = Selectable<OpportunitiesTable>
export type NewOpportunity = Insertable<OpportunitiesTable>
export type Activity = Selectable<ActivitiesTable>
export type NewActivity = Insertable<ActivitiesTable>
export type Contact = Selectable<ContactsTable>
export type NewContact = Insertable<ContactsTable>
export type ApiKey = Selectable<ApiKeysTable>

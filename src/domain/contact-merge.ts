import type { LeadStage } from '../store/database.ts'

// When two contacts turn out to be the same person, one survives and takes over the other's
// history. Pure: which fields the survivor keeps, which it inherits.

/** Fields the survivor fills from the merged contact when it has no value of its own. */
export const INHERITED_FIELDS = [
  'email',
  'user_id',
  'first_name',
  'last_name',
  'title',
  'seniority',
  'department',
  'phone',
  'country',
  'city',
  'company_name',
  'website',
  'account_id',
  'owner_id',
  'source',
  'source_campaign_id',
  'exploring_since',
] as const

export type InheritedField = (typeof INHERITED_FIELDS)[number]

export interface MergeableContact extends Record<InheritedField, unknown> {
  readonly traits: Record<string, unknown>
  readonly lifecycle_stage: LeadStage
  readonly lifecycle_stage_changed_at: Date | null
  readonly account_match_method: string | null
  readonly account_match_confidence: number | null
  readonly account_match_status: 'unmatched' | 'linked' | 'review'
  readonly created_at: Date
}

// How far along the lead funnel a stage is; side exits rank with the stage they leave from.
const STAGE_PROGRESS: Record<LeadStage, number> = {
  inquiry: 0,
  lead: 1,
  recycled: 1,
  disqualified: 1,
  mql: 2,
  sal: 3,
  sql: 4,
  opportunity: 5,
  lost: 5,
  won: 6,
}

/** The changes to apply to the survivor; the merged contact is deleted afterwards. */
export function mergedContactFields(
  survivor: MergeableContact,
  merged: MergeableContact,
): Partial<MergeableContact> {
  const changes: Record<string, unknown> = {}
  for (const field of INHERITED_FIELDS) {
    if ((survivor[field] ?? null) === null && (merged[field] ?? null) !== null)
      changes[field] = merged[field]
  }
  if (changes.account_id !== undefined) {
    changes.account_match_method = merged.account_match_method
    changes.account_match_confidence = merged.account_match_confidence
    changes.account_match_status = merged.account_match_status
  }
  changes.traits = { ...merged.traits, ...survivor.traits }
  if (STAGE_PROGRESS[merged.lifecycle_stage] > STAGE_PROGRESS[survivor.lifecycle_stage]) {
    changes.lifecycle_stage = merged.lifecycle_stage
    changes.lifecycle_stage_changed_at = merged.lifecycle_stage_changed_at
  }
  if (merged.created_at < survivor.created_at) changes.created_at = merged.created_at
  return changes as Partial<MergeableContact>
}

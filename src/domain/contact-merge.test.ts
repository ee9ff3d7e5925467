import { describe, expect, it } from 'vitest'
import { type MergeableContact, mergedContactFields } from './contact-merge.ts'

const contact = (fields: Partial<MergeableContact>): MergeableContact => ({
  email: null,
  user_id: null,
  first_name: null,
  last_name: null,
  title: null,
  seniority: null,
  department: null,
  phone: null,
  country: null,
  city: null,
  company_name: null,
  website: null,
  account_id: null,
  owner_id: null,
  source: null,
  source_campaign_id: null,
  exploring_since: null,
  traits: {},
  lifecycle_stage: 'inquiry',
  lifecycle_stage_changed_at: null,
  account_match_method: null,
  account_match_confidence: null,
  account_match_status: 'unmatched',
  created_at: new Date('2026-01-01T00:00:00Z'),
  ...fields,
})

describe('mergedContactFields', () => {
  it('keeps the survivor values and inherits only what it lacks', () => {
    const survivor = contact({ first_name: 'Ana', traits: { plan: 'pro' } })
    const merged = contact({
      first_name: 'Anna',
      title: 'VP Marketing',
      traits: { plan: 'free', seats: 3 },
    })
    const changes = mergedContactFields(survivor, merged)
    expect(changes.first_name).toBeUndefined()
    expect(changes.title).toBe('VP Marketing')
    expect(changes.traits).toEqual({ plan: 'pro', seats: 3 })
  })

  it('takes the further lead stage and the earlier creation time', () => {
    const survivor = contact({ lifecycle_stage: 'lead' })
    const changedAt = new Date('2026-03-01T00:00:00Z')
    const merged = contact({
      lifecycle_stage: 'sql',
      lifecycle_stage_changed_at: changedAt,
      created_at: new Date('2025-12-01T00:00:00Z'),
    })
    const changes = mergedContactFields(survivor, merged)
    expect(changes.lifecycle_stage).toBe('sql')
    expect(changes.lifecycle_stage_changed_at).toEqual(changedAt)
    expect(changes.created_at).toEqual(merged.created_at)
    expect(mergedContactFields(merged, survivor).lifecycle_stage).toBeUndefined()
  })

  it('inherits an account link together with how it was matched', () => {
    const changes = mergedContactFields(
      contact({}),
      contact({
        account_id: 'a-1',
        account_match_method: 'domain',
        account_match_confidence: 0.95,
        account_match_status: 'linked',
      }),
    )
    expect(changes).toMatchObject({
      account_id: 'a-1',
      account_match_method: 'domain',
      account_match_status: 'linked',
    })
  })
})

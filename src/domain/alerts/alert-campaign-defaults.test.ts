import { describe, expect, it } from 'vitest'
import { ALERT_CAMPAIGN_DEFAULTS, ALERT_KINDS } from './alert-campaign-defaults.ts'
import { templateProblems } from './alert-template.ts'

describe('ALERT_CAMPAIGN_DEFAULTS', () => {
  it.each(ALERT_KINDS)('%s: the default copy uses only its own placeholders', (kind) => {
    const campaign = ALERT_CAMPAIGN_DEFAULTS[kind]
    expect(templateProblems(campaign.variant.subject, campaign.placeholders)).toEqual([])
    expect(templateProblems(campaign.variant.body, campaign.placeholders)).toEqual([])
    expect(campaign.goalActions.length).toBeGreaterThan(0)
    expect(campaign.windowMinutes).toBeGreaterThan(0)
  })
})

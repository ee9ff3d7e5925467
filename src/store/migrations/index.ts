import type { Migration } from 'kysely/migration'
import * as domainSchema from './0001-domain-schema.ts'
import * as identityAndProcessing from './0002-identity-and-processing.ts'
import * as scoring from './0003-scoring.ts'
import * as predictiveModels from './0004-predictive-models.ts'
import * as handoff from './0005-handoff.ts'
import * as funnelMilestones from './0006-funnel-milestones.ts'
import * as personalData from './0007-personal-data.ts'
import * as accountPlans from './0009-account-plans.ts'
import * as alertCampaigns from './0010-alert-campaigns.ts'
import * as rowLevelSecurity from './0011-row-level-security.ts'
import * as attributionSplits from './0012-attribution-splits.ts'
import * as leadMilestoneFacts from './0013-lead-milestone-facts.ts'
import * as setNullKeepsWorkspace from './0014-set-null-keeps-workspace.ts'

// Listed here rather than read from disk, so migrations work the same from source and from dist.
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-domain-schema': domainSchema,
  '0002-identity-and-processing': identityAndProcessing,
  '0003-scoring': scoring,
  '0004-predictive-models': predictiveModels,
  '0005-handoff': handoff,
  '0006-funnel-milestones': funnelMilestones,
  '0007-personal-data': personalData,
  '0009-account-plans': accountPlans,
  '0010-alert-campaigns': alertCampaigns,
  '0011-row-level-security': rowLevelSecurity,
  '0012-attribution-splits': attributionSplits,
  '0013-lead-milestone-facts': leadMilestoneFacts,
  '0014-set-null-keeps-workspace': setNullKeepsWorkspace,
}

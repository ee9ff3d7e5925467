import type { AlertAction } from './alert-goal.ts'

// Every alert Tandem sends a rep is a campaign (seed 004: treat sales as an audience). Each kind
// starts with one variant, written to answer the rep's "what's in it for me?" first: what they
// gain by acting, then the deadline, then why it came to them. Marketing adds variants to test.

export const ALERT_KINDS = [
  'handoff',
  'explore',
  'sla_reminder',
  'sla_breach',
  'reassigned',
  'surge',
  'digest',
] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

export interface AlertVariant {
  readonly name: string
  readonly subject: string
  readonly body: string
  readonly weight: number
}

export interface AlertCampaignDefaults {
  readonly description: string
  /** The values the sender fills in; templates may use only these. */
  readonly placeholders: readonly string[]
  readonly goalActions: readonly AlertAction[]
  readonly windowMinutes: number
  readonly variant: AlertVariant
}

// Subjects stay ASCII-friendly: a mail header with other characters is encoded, and some
// clients show the encoding.
/** The variant every campaign starts with, and the control of its tests until one is promoted. */
export const DEFAULT_VARIANT = 'wiifm'

const handoffPlaceholders = ['person', 'name', 'what', 'acceptBy', 'acceptWithin', 'touchBy', 'why']

export const ALERT_CAMPAIGN_DEFAULTS: Readonly<Record<AlertKind, AlertCampaignDefaults>> = {
  handoff: {
    description: 'A lead handed to its owner (MQL or manual handoff)',
    placeholders: handoffPlaceholders,
    goalActions: ['answer', 'touch', 'view'],
    windowMinutes: 240,
    variant: {
      name: DEFAULT_VARIANT,
      subject: 'A lead that fits you: {{person}}; accept by {{acceptBy}} to keep it',
      body:
        '{{person}} {{what}}, and it is yours if you take it: accept or reject by {{acceptBy}} ' +
        '({{acceptWithin}} of your working time); first touch by {{touchBy}}, while they still ' +
        'remember why they came.\nWhy you: {{why}}.',
      weight: 1,
    },
  },
  explore: {
    description: 'A demo or trial request handed to an explore owner',
    placeholders: handoffPlaceholders,
    goalActions: ['answer', 'touch', 'view'],
    windowMinutes: 240,
    variant: {
      name: DEFAULT_VARIANT,
      subject: 'A demo request for you: {{person}}; accept by {{acceptBy}} to keep it',
      body:
        '{{person}} asked for a demo or trial: an explore conversation, not a purchase decision ' +
        'yet, and yours to shape before anyone else does. Accept or reject by {{acceptBy}} ' +
        '({{acceptWithin}} of your working time); first touch by {{touchBy}}.\nWhy you: {{why}}.',
      weight: 1,
    },
  },
  sla_reminder: {
    description: 'A reminder to the owner before an SLA due time',
    placeholders: ['person', 'task', 'dueBy'],
    goalActions: ['answer', 'touch'],
    windowMinutes: 60,
    variant: {
      name: DEFAULT_VARIANT,
      subject: 'Keep {{person}}: your {{task}} is due by {{dueBy}}',
      body:
        'Your {{task}} for {{person}} is due by {{dueBy}}. Do it in time and the lead stays ' +
        'yours; miss it and it may go to someone else.',
      weight: 1,
    },
  },
  sla_breach: {
    description: "A missed SLA, told to the owner's manager",
    placeholders: ['person', 'owner', 'task', 'dueAt'],
    goalActions: ['answer', 'touch', 'view'],
    windowMinutes: 240,
    variant: {
      name: DEFAULT_VARIANT,
      subject: 'You can still save {{person}}: {{owner}} missed the {{task}}',
      body:
        "{{owner}}'s {{task}} for {{person}} was due {{dueAt}}. A word from you now keeps a " +
        'warm lead from going cold in your team’s numbers.',
      weight: 1,
    },
  },
  reassigned: {
    description: 'A lead moved to someone else after its accept time ran out',
    placeholders: ['person', 'newOwner'],
    goalActions: ['view'],
    windowMinutes: 1440,
    variant: {
      name: DEFAULT_VARIANT,
      subject: 'One less thing on your plate: {{person}} went to {{newOwner}}',
      body:
        '{{person}} went to {{newOwner}}: the time to accept or reject ran out. Nothing to do ' +
        'on your side; answer the next one in time to keep it.',
      weight: 1,
    },
  },
  surge: {
    description: "An account's activity surging, told to its owner and SDR",
    placeholders: ['account', 'momentum', 'thisWeek', 'stage'],
    goalActions: ['view', 'touch'],
    windowMinutes: 1440,
    variant: {
      name: DEFAULT_VARIANT,
      subject: '{{account}} is heating up: {{momentum}} its usual activity this week',
      body:
        '{{account}} is researching now: {{thisWeek}} points of engagement this week, ' +
        '{{momentum}} its weekly average of the three weeks before (buying stage: {{stage}}). ' +
        'Reach out while they are looking and you are part of the shortlist.',
      weight: 1,
    },
  },
  digest: {
    description: "A rep's daily or weekly summary: their queue, missed deadlines, surging accounts",
    placeholders: ['name', 'period', 'pendingCount', 'pending', 'breaches', 'surging'],
    goalActions: ['answer', 'touch', 'view'],
    windowMinutes: 1440,
    variant: {
      name: DEFAULT_VARIANT,
      subject: 'Your {{period}}: {{pendingCount}} leads waiting for you',
      body:
        'Leads waiting for you, oldest first (answer them to keep them):\n{{pending}}\n\n' +
        'Deadlines missed since your last digest:\n{{breaches}}\n\n' +
        'Your accounts heating up (reach out while they research):\n{{surging}}',
      weight: 1,
    },
  },
}

// The reasons a rep gives for rejecting or recycling a handoff, as the API names them, in the
// words the queue shows. Marketing reads them back in the closed-loop report.

export const REASON_LABELS = {
  not_icp: 'Not our ICP',
  bad_data: 'Bad data',
  no_budget: 'No budget',
  wrong_timing: 'Wrong timing',
  competitor: 'Competitor',
  duplicate: 'Duplicate',
  already_in_conversation: 'Already in conversation',
  other: 'Other…',
} as const satisfies Record<string, string>

export type ReasonCode = keyof typeof REASON_LABELS

export const REASON_CODES = Object.keys(REASON_LABELS) as ReasonCode[]

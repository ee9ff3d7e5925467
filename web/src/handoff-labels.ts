import type { HandoffKind } from './types.ts'

export const KIND_LABELS: Readonly<Record<HandoffKind, string>> = {
  mql: 'MQL',
  explore: 'Explore request',
  account: 'Account',
  manual: 'Handoff',
}

/** Who a handoff is about, in the fewest words that tell them apart. */
export function subjectOf(h: {
  readonly contactName: string | null
  readonly contactEmail: string | null
  readonly accountName?: string | null
}): string {
  return h.contactName ?? h.contactEmail ?? h.accountName ?? 'A contact without a name'
}

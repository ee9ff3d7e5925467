// The inputs and outputs of multi-touch attribution: one opportunity, the marketing touches that
// led to it, and each touch's share of the opportunity's amount.

/** One marketing touch on the way to an opportunity. */
export interface Touch {
  readonly id: string
  readonly at: Date
  readonly campaignId: string | null
  /** The campaign's name, for explanations; they name the campaign by its id without it. */
  readonly campaignName?: string
  readonly channel: string
  /** The touch on which the contact became a lead (a form fill, a demo request). */
  readonly leadCreation?: boolean
}

/** The opportunity whose amount is split across its touches. */
export interface AttributedOpportunity {
  readonly id: string
  readonly amountCents: number
  readonly createdAt: Date
  /** When it was won or lost; null or absent while it is open. */
  readonly closedAt?: Date | null
}

/** One touch's credit for one opportunity. */
export interface Share {
  // Carried on every share so shares of many opportunities can be summed and still count
  // opportunities, not touches.
  readonly opportunityId: string
  readonly touchId: string
  readonly campaignId: string | null
  readonly channel: string
  /** Fraction of the opportunity credited to the touch, between 0 and 1. */
  readonly weight: number
  readonly cents: number
}

/** What marketing results are grouped by; a touch without a campaign groups under null. */
export type GroupBy = 'campaign' | 'channel'

/** The campaign or channel a touch or share counts for. */
export function groupKey(
  item: { readonly campaignId: string | null; readonly channel: string },
  by: GroupBy,
): string | null {
  return by === 'campaign' ? item.campaignId : item.channel
}

/** Milliseconds since the epoch of a date, refusing an invalid one rather than sorting NaN. */
export function timeOf(date: Date, what: string): number {
  const ms = date.getTime()
  if (Number.isNaN(ms)) throw new RangeError(`${what} has an invalid time`)
  return ms
}

/** Refuses, with a RangeError naming it, anything but a whole, non-negative number of cents. */
export function checkCents(cents: number, what: string): void {
  if (!Number.isSafeInteger(cents) || cents < 0) {
    throw new RangeError(`${what} must be a whole, non-negative number of cents, got ${cents}`)
  }
}

/**
 * Touches in time order. Touches at the same instant are ordered by id, so the result does not
 * depend on the order they were given in (which decides, for instance, which one is "first").
 */
export function sortTouches(touches: readonly Touch[]): Touch[] {
  const timed = touches.map((touch) => ({ touch, ms: timeOf(touch.at, `touch ${touch.id}`) }))
  timed.sort((a, b) => a.ms - b.ms || compareKeys(a.touch.id, b.touch.id))
  return timed.map(({ touch }) => touch)
}

/** Keys in code-point order, no campaign (null) last. */
export function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a < b ? -1 : 1
}

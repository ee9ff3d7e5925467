// Which contacts a model learns from. A won contact is a positive whatever its age. One that has
// not won is a negative only once it had time to win: leads created last week have not lost,
// they have not closed yet, and counting them as losses would teach the model that being new
// (and whatever is new, such as this month's campaign) predicts losing.

export type TrainingLabel = 'won' | 'not_won' | 'too_young' | 'erased'

export interface LabelInput {
  readonly won: boolean
  readonly createdAt: Date
  /** Erased people keep no data to learn from. */
  readonly erased: boolean
}

const DAY = 86_400_000

/** The latest creation time at which a contact that has not won counts as not won. */
export function eligibilityCutoff(asOf: Date, minAgeDays: number): Date {
  if (!(Number.isFinite(minAgeDays) && minAgeDays >= 0)) {
    throw new RangeError(`minAgeDays must be a number of days >= 0, got ${minAgeDays}`)
  }
  return new Date(asOf.getTime() - minAgeDays * DAY)
}

/** The contact's side of the labelled history given the cutoff, or why it is left out. */
export function trainingLabel(contact: LabelInput, cutoff: Date): TrainingLabel {
  if (contact.erased) return 'erased'
  if (contact.won) return 'won'
  return contact.createdAt.getTime() <= cutoff.getTime() ? 'not_won' : 'too_young'
}

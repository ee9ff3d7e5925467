import { type AttributedOpportunity, sortTouches, type Touch, timeOf } from './touch.ts'

// The standard B2B multi-touch attribution models. Each turns the touches that count for an
// opportunity, in time order, into weights summing to 1:
//
// - first_touch: 100% to the first touch.
// - last_touch: 100% to the last touch at or before the opportunity was created.
// - lead_creation: 100% to the touch marked as lead creation.
// - linear: the same share to every touch.
// - u_shaped (position-based, 40/20/40): 40% to the first touch, 40% to lead creation, 20% split
//   evenly over the touches between them. It measures the journey to the lead, so touches after
//   lead creation get nothing (W-shaped and full path credit them).
// - w_shaped (30/30/30/10): 30% each to the first touch, lead creation and opportunity creation
//   (the last touch at or before the opportunity was created), 10% split over the others.
// - full_path (22.5 x 4 + 10): 22.5% each to the first touch, lead creation, opportunity creation
//   and deal close (the last touch at or before the close), 10% split over the others.
// - time_decay: each touch weighs 2^(-days before the opportunity was created / half-life),
//   half-life 7 days unless given, normalised.
//
// Which touches count: those at or before the opportunity was created, except in full path,
// which runs to the close (to the later of creation and close, so a close dated before creation,
// which is bad data, loses no touch). An open opportunity has no deal close, so full path splits
// it exactly as W-shaped does.
//
// Conventions where positions are missing or coincide:
// - Lead creation is the earliest counted touch marked leadCreation (a lead is created once); if
//   no counted touch is marked, the first touch stands in and the result says so.
// - Positions held by the same touch add up on it: with lead creation on the first touch,
//   U-shaped gives the first touch 40 + 40 and W-shaped 30 + 30.
// - The share for "the others" is only given when there are others; otherwise, and when a
//   position has no touch (full path with no touch before the opportunity was created), the
//   weights given are scaled up to sum to 1. So U-shaped gives one touch 100% and two touches
//   50/50 (100% to the first when it is also lead creation, as nothing lies between); W-shaped
//   gives one touch 100%, two touches 2/3 and 1/3 (one of them holds two milestones: 60 to 30)
//   and three touches a third each when lead creation is the middle one; full path over touches
//   that all came after creation gives 22.5 / 77.5 to each remaining position and 10 / 77.5 to
//   the others.
// - At the same instant, touches are ordered by id (see sortTouches).

export const ATTRIBUTION_MODELS = [
  'first_touch',
  'last_touch',
  'lead_creation',
  'linear',
  'u_shaped',
  'w_shaped',
  'full_path',
  'time_decay',
] as const

export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number]

export const DEFAULT_HALF_LIFE_DAYS = 7
const DAY_MS = 86_400_000

/** A milestone of the journey that position-based models credit. */
export type Position = 'first_touch' | 'lead_creation' | 'opportunity_creation' | 'deal_close'

export interface ModelOptions {
  /** Half-life of time decay in days, 7 unless given. */
  readonly halfLifeDays?: number
  readonly opportunity: AttributedOpportunity
}

/** A touch credited for the milestones it holds. */
export interface PositionCredit {
  readonly index: number
  readonly positions: readonly Position[]
  readonly weight: number
}

/** How a model credited the touches, enough to explain it. */
export interface ModelCredit {
  /** One weight per touch, summing to 1; empty when there are no touches. */
  readonly weights: readonly number[]
  /** The touches credited for milestones, in time order. */
  readonly positions: readonly PositionCredit[]
  /** The touches sharing what the milestones leave, and their weight together. */
  readonly others: { readonly indices: readonly number[]; readonly weight: number }
  /** Counted touches a position model gives nothing to (U-shaped: after lead creation). */
  readonly uncredited: readonly number[]
  /** No counted touch was marked as lead creation, so the first touch stood in for it. */
  readonly leadCreationAssumed: boolean
  /** Full path on an open opportunity, split as W-shaped. */
  readonly openFullPath: boolean
}

/** Whether the opportunity has a close time. */
export function isClosed(opportunity: AttributedOpportunity): boolean {
  return opportunity.closedAt instanceof Date
}

/** The last instant at which a touch still counts for the opportunity under the model. */
export function countedUntil(model: AttributionModel, opportunity: AttributedOpportunity): number {
  const created = timeOf(opportunity.createdAt, `opportunity ${opportunity.id} creation`)
  if (model !== 'full_path' || !opportunity.closedAt) return created
  return Math.max(created, timeOf(opportunity.closedAt, `opportunity ${opportunity.id} close`))
}

/** The touches that count for the opportunity under the model, in time order. */
export function eligibleTouches(
  model: AttributionModel,
  opportunity: AttributedOpportunity,
  touches: readonly Touch[],
): Touch[] {
  const until = countedUntil(model, opportunity)
  return sortTouches(touches).filter((touch) => touch.at.getTime() <= until)
}

/** The model's weights for touches already counted and sorted (see eligibleTouches). */
export function modelWeights(
  model: AttributionModel,
  touches: readonly Touch[],
  options: ModelOptions,
): number[] {
  return [...modelCredit(model, touches, options).weights]
}

/** The model's weights for touches already counted and sorted, with the positions behind them. */
export function modelCredit(
  model: AttributionModel,
  touches: readonly Touch[],
  options: ModelOptions,
): ModelCredit {
  const n = touches.length
  const last = n - 1
  const marked = touches.findIndex((touch) => touch.leadCreation === true)
  const lead = Math.max(marked, 0)
  const leadAssumed = n > 0 && marked < 0
  const all = touches.map((_, index) => index)
  const spread = (weights: number[]): ModelCredit => ({
    weights: n === 0 ? [] : weights,
    positions: [],
    others: { indices: n === 0 ? [] : all, weight: n === 0 ? 0 : 1 },
    uncredited: [],
    leadCreationAssumed: false,
    openFullPath: false,
  })
  switch (model) {
    case 'first_touch':
      return positional(n, [['first_touch', 0, 1]], [], 0)
    case 'last_touch':
      return positional(n, [['opportunity_creation', last, 1]], [], 0)
    case 'lead_creation':
      return {
        ...positional(n, [['lead_creation', lead, 1]], [], 0),
        leadCreationAssumed: leadAssumed,
      }
    case 'linear':
      return spread(touches.map(() => 1 / n))
    case 'u_shaped': {
      const between = all.filter((index) => index > 0 && index < lead)
      const slots: Slot[] = [
        ['first_touch', 0, 0.4],
        ['lead_creation', lead, 0.4],
      ]
      return {
        ...positional(n, slots, between, 0.2),
        uncredited: all.filter((index) => index > lead),
        leadCreationAssumed: leadAssumed,
      }
    }
    case 'w_shaped':
      return { ...wShaped(n, lead), leadCreationAssumed: leadAssumed }
    case 'full_path': {
      if (!isClosed(options.opportunity)) {
        return { ...wShaped(n, lead), leadCreationAssumed: leadAssumed, openFullPath: n > 0 }
      }
      const created = timeOf(options.opportunity.createdAt, 'opportunity creation')
      const beforeCreation = touches.filter((touch) => touch.at.getTime() <= created).length
      const creation = beforeCreation > 0 ? beforeCreation - 1 : null
      const slots: Slot[] = [
        ['first_touch', 0, 0.225],
        ['lead_creation', lead, 0.225],
        ['opportunity_creation', creation, 0.225],
        ['deal_close', last, 0.225],
      ]
      const others = all.filter((index) => !slots.some(([, at]) => at === index))
      return { ...positional(n, slots, others, 0.1), leadCreationAssumed: leadAssumed }
    }
    case 'time_decay': {
      const halfLife = options.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS
      if (!Number.isFinite(halfLife) || halfLife <= 0) {
        throw new RangeError(`the half-life must be a positive number of days, got ${halfLife}`)
      }
      // Measured from the latest touch rather than from creation: the same ratios once
      // normalised, but the latest touch weighs 1, so years-old touches cannot underflow to an
      // all-zero total.
      const latest = touches[last]?.at.getTime() ?? 0
      const raw = touches.map((touch) => 2 ** (-(latest - touch.at.getTime()) / DAY_MS / halfLife))
      const total = raw.reduce((sum, weight) => sum + weight, 0)
      return spread(raw.map((weight) => weight / total))
    }
    default:
      return unknownModel(model)
  }
}

function unknownModel(model: never): never {
  throw new RangeError(`unknown attribution model: ${String(model)}`)
}

function wShaped(n: number, lead: number): ModelCredit {
  const slots: Slot[] = [
    ['first_touch', 0, 0.3],
    ['lead_creation', lead, 0.3],
    ['opportunity_creation', n - 1, 0.3],
  ]
  const others = Array.from({ length: n }, (_, index) => index).filter(
    (index) => !slots.some(([, at]) => at === index),
  )
  return positional(n, slots, others, 0.1)
}

/** A milestone, the touch holding it (null when none does) and its weight. */
type Slot = readonly [Position, number | null, number]

/**
 * Weights for milestones plus a share spread evenly over the others: milestones on the same touch
 * add up, and whatever has no touch to go to is left out before scaling the rest up to 1.
 */
function positional(
  n: number,
  slots: readonly Slot[],
  others: readonly number[],
  othersWeight: number,
): ModelCredit {
  const none: ModelCredit = {
    weights: [],
    positions: [],
    others: { indices: [], weight: 0 },
    uncredited: [],
    leadCreationAssumed: false,
    openFullPath: false,
  }
  if (n === 0) return none
  const raw = new Array<number>(n).fill(0)
  const held = new Map<number, Position[]>()
  for (const [position, index, weight] of slots) {
    if (index === null) continue
    raw[index] = (raw[index] ?? 0) + weight
    held.set(index, [...(held.get(index) ?? []), position])
  }
  const spreadWeight = others.length > 0 ? othersWeight : 0
  for (const index of others) raw[index] = (raw[index] ?? 0) + spreadWeight / others.length
  const total = raw.reduce((sum, weight) => sum + weight, 0)
  return {
    ...none,
    weights: raw.map((weight) => weight / total),
    positions: [...held.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, positions]) => ({ index, positions, weight: (raw[index] ?? 0) / total })),
    others: { indices: others, weight: spreadWeight / total },
  }
}

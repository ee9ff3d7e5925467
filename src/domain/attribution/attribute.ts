import { allocateCents } from './allocate-cents.ts'
import {
  type AttributionModel,
  countedUntil,
  DEFAULT_HALF_LIFE_DAYS,
  eligibleTouches,
  isClosed,
  type ModelCredit,
  modelCredit,
  type Position,
} from './attribution-models.ts'
import { type AttributedOpportunity, checkCents, type Share, type Touch } from './touch.ts'

// One opportunity's amount split across its touches under a model, in whole cents that add up
// to the amount, with an explanation a marketer can check by hand.

export interface AttributeOptions {
  /** Half-life of time decay in days, 7 unless given. */
  readonly halfLifeDays?: number
}

export interface Attribution {
  /** The touches given credit, in time order; touches the model gives nothing are left out. */
  readonly shares: Share[]
  /** The whole amount when no touch counts under the model, otherwise 0. */
  readonly unattributedCents: number
  readonly explanation: string[]
}

const MODEL_NAMES: Readonly<Record<AttributionModel, string>> = {
  first_touch: 'First touch',
  last_touch: 'Last touch',
  lead_creation: 'Lead creation',
  linear: 'Linear',
  u_shaped: 'U-shaped',
  w_shaped: 'W-shaped',
  full_path: 'Full path',
  time_decay: 'Time decay',
}

const POSITION_NAMES: Readonly<Record<Position, string>> = {
  first_touch: 'the first touch',
  lead_creation: 'lead creation',
  opportunity_creation: 'opportunity creation',
  deal_close: 'deal close',
}

const DAY_MS = 86_400_000

/** The opportunity's amount split across its touches under the model, with an explanation. */
export function attribute(
  opportunity: AttributedOpportunity,
  touches: readonly Touch[],
  model: AttributionModel,
  options: AttributeOptions = {},
): Attribution {
  checkCents(opportunity.amountCents, `opportunity ${opportunity.id} amount`)
  const counted = eligibleTouches(model, opportunity, touches)
  const credit = modelCredit(model, counted, { ...options, opportunity })
  const cents = allocateCents(opportunity.amountCents, credit.weights)
  const shares = counted.flatMap((touch, index): Share[] => {
    const weight = credit.weights[index] ?? 0
    if (weight === 0) return []
    const { id: touchId, campaignId, channel } = touch
    const share = { touchId, campaignId, channel, weight, cents: cents[index] ?? 0 }
    return [{ opportunityId: opportunity.id, ...share }]
  })
  return {
    shares,
    unattributedCents: counted.length === 0 ? opportunity.amountCents : 0,
    // Written when read: the summed report splits every deal and reads no explanation, and
    // writing them was more than half of its time.
    get explanation() {
      return explain(model, opportunity, touches.length, counted, credit, options)
    },
  }
}

function explain(
  model: AttributionModel,
  opportunity: AttributedOpportunity,
  given: number,
  counted: readonly Touch[],
  credit: ModelCredit,
  options: AttributeOptions,
): string[] {
  const name = MODEL_NAMES[model]
  const toClose = model === 'full_path' && isClosed(opportunity)
  const limit = toClose
    ? `the deal closed (${day(new Date(countedUntil(model, opportunity)))})`
    : `the opportunity was created (${day(opportunity.createdAt)})`
  const lines: string[] = []
  if (counted.length === 0) {
    lines.push(
      `${name}: no marketing touch at or before ${limit}, so the whole amount is unattributed`,
    )
  } else if (model === 'linear') {
    lines.push(`Linear: ${percent(1 / counted.length)} to each of ${touchCount(counted.length)}`)
  } else if (model === 'time_decay') {
    const halfLife = options.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS
    lines.push(
      `Time decay: a touch's credit halves for every ${halfLife} days between it and the ` +
        `opportunity's creation (${day(opportunity.createdAt)})`,
    )
    for (const [index, touch] of counted.entries()) {
      const days = Math.round(
        ((opportunity.createdAt.getTime() - touch.at.getTime()) / DAY_MS) * 10,
      )
      const before = `${days / 10} ${days === 10 ? 'day' : 'days'} before`
      lines.push(`${percent(credit.weights[index] ?? 0)} to ${label(touch)}, ${before}`)
    }
  } else {
    lines.push(`${name}: ${positionParts(model, counted, credit).join(', ')}`)
  }
  if (credit.openFullPath) {
    lines.push(
      'The opportunity is still open, so there is no deal-close touch yet: full path splits it ' +
        'as W-shaped does (30/30/30/10)',
    )
  }
  if (toClose && counted.length > 0 && !credit.positions.some(holds('opportunity_creation'))) {
    lines.push(
      'No touch came before the opportunity was created, so no touch gets the ' +
        'opportunity-creation share; the other shares are scaled up to make 100%',
    )
  }
  if (credit.leadCreationAssumed) {
    lines.push(`No touch before ${limit} is marked as lead creation: the first touch stands in`)
  }
  if (credit.uncredited.length > 0) {
    lines.push(
      `${capitalise(touchCount(credit.uncredited.length))} after lead creation get no credit: ` +
        'U-shaped stops at lead creation (W-shaped and full path credit them)',
    )
  }
  const excluded = given - counted.length
  if (excluded > 0) {
    const verb = excluded === 1 ? "doesn't" : "don't"
    lines.push(`${capitalise(touchCount(excluded))} after ${limit} ${verb} count`)
  }
  return lines
}

function positionParts(
  model: AttributionModel,
  counted: readonly Touch[],
  credit: ModelCredit,
): string[] {
  const parts = credit.positions.map(({ index, positions, weight }) => {
    const names = positions.map((position) =>
      model === 'last_touch' && position === 'opportunity_creation'
        ? 'the last touch before the opportunity was created'
        : POSITION_NAMES[position],
    )
    return `${percent(weight)} to ${names.join(' and ')} (${label(counted[index] as Touch)})`
  })
  const others = credit.others.indices.length
  if (others > 0) {
    const which = model === 'u_shaped' ? `${touchCount(others)} between` : otherCount(others)
    parts.push(`${percent(credit.others.weight)} over ${which}`)
  }
  return parts
}

function holds(
  position: Position,
): (credit: { readonly positions: readonly Position[] }) => boolean {
  return (credit) => credit.positions.includes(position)
}

function label(touch: Touch): string {
  const campaign =
    touch.campaignId === null ? '' : `, campaign ${touch.campaignName ?? touch.campaignId}`
  return `${touch.channel}${campaign}, ${day(touch.at)}`
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** A weight as a percentage a person reads: 40%, 22.5%, 33.33%. */
function percent(weight: number): string {
  return `${Number((weight * 100).toFixed(2))}%`
}

function touchCount(n: number): string {
  return n === 1 ? '1 touch' : `${n} touches`
}

function otherCount(n: number): string {
  return n === 1 ? '1 other touch' : `${n} other touches`
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

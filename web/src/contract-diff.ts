// What changed between two versions of a contract, in the words both sides read it in: rules are
// matched by their id (not their place in the list), so moving a rule is not mistaken for
// rewriting it, and every change says where it is ("behaviour rule 'pricing-page'") and what it
// was and became ("half-life 14 → 21 days").

export type ChangeKind = 'added' | 'removed' | 'changed'

export interface ContractChange {
  readonly change: ChangeKind
  /** Where the change is, outermost first: ["behaviour rule 'pricing-page'", 'half-life']. */
  readonly path: readonly string[]
  /** The value before, as a person reads it; absent for an addition. */
  readonly before?: string
  /** The value after; absent for a removal. */
  readonly after?: string
}

/** The words for a document's keys; keys not named here read as themselves. */
const KEY_LABELS: Readonly<Record<string, string>> = {
  name: 'name',
  description: 'description',
  fit: 'fit',
  grades: 'grades',
  engagement: 'engagement',
  bands: 'bands',
  readiness: 'readiness signals',
  explore: 'explore signal',
  mql: 'MQL',
  cells: 'cells',
  readyGrades: 'grades a readiness signal makes an MQL',
  handoff: 'handoff',
  dataQuality: 'data-quality checks',
  activities: 'activities',
  path: 'page path',
  points: 'points',
  cap: 'cap',
  halfLifeDays: 'half-life',
  minCount: 'at least',
  withinDays: 'within',
  when: 'conditions',
  in: 'is one of',
  matches: 'matches',
  min: 'at least',
  max: 'at most',
  tiers: 'tiers',
  defaultPoints: 'default points',
  engagedThreshold: 'engaged at',
  buyingStages: 'buying stages',
  awarenessWithinDays: 'awareness within',
  accountOwners: 'account owners',
  territories: 'territories',
  team: 'team',
  motion: 'motion',
  fallback: 'fallback',
  motions: 'motions',
  account_based: 'account based',
  minGrade: 'lowest grade handed over',
  sla: 'SLA',
  acceptWithin: 'accept within',
  firstTouchWithin: 'first touch within',
  remindBefore: 'remind before',
  onBreach: 'on breach',
  escalate: 'escalate',
  reassign: 'reassign',
  coordination: 'coordination',
  holdMarketingDays: 'marketing holds off',
  recycle: 'recycle',
  requalifyAfterDays: 'requalify after',
  holidays: 'holidays',
}

/** Keys whose numbers are days. */
const DAYS = new Set([
  'halfLifeDays',
  'withinDays',
  'awarenessWithinDays',
  'holdMarketingDays',
  'requalifyAfterDays',
])

/** What one element of a list of rules is called, by the list's place in the document. */
function ruleNoun(parents: readonly string[], key: string): string {
  const parent = parents.at(-1)
  if (key === 'rules' && parent === 'fit') return 'fit rule'
  if (key === 'rules' && parent === 'engagement') return 'behaviour rule'
  if (key === 'rules') return 'ICP rule'
  if (key === 'readiness') return 'readiness signal'
  if (key === 'territories') return 'territory'
  return 'entry'
}

const labelOf = (key: string) => KEY_LABELS[key] ?? key.replaceAll('_', ' ')

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json }

const isObject = (value: unknown): value is { readonly [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isScalar = (value: unknown) => value === null || typeof value !== 'object'

/** A value as a person reads it: lists joined by commas, objects as "key value" pairs. */
export function formatValue(value: unknown, key?: string): string {
  if (value === null || value === undefined) return 'none'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'number') {
    const text = value.toLocaleString('en')
    return key !== undefined && DAYS.has(key) ? `${text} ${value === 1 ? 'day' : 'days'}` : text
  }
  if (typeof value === 'string') return value
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none'
    if (value.every(isScalar)) return value.map((v) => formatValue(v)).join(', ')
    return value.map((v) => `(${formatValue(v)})`).join('; ')
  }
  if (isObject(value)) {
    // A rule's id already names it where it is shown.
    const { field, id: _id, ...rest } = value
    const parts = Object.entries(rest).map(([k, v]) => `${labelOf(k)} ${formatValue(v, k)}`)
    return typeof field === 'string' ? [field, ...parts].join(' ') : parts.join(', ')
  }
  return String(value)
}

/** "14 → 21 days" rather than "14 days → 21 days" when both sides are days. */
function beforeAfter(before: Json, after: Json, key: string): { before: string; after: string } {
  if (typeof before === 'number' && typeof after === 'number' && DAYS.has(key))
    return { before: formatValue(before), after: formatValue(after, key) }
  return { before: formatValue(before, key), after: formatValue(after, key) }
}

/** A list's elements by a name that stays when the list is reordered, when it has one. */
function keyedElements(list: readonly Json[]): Map<string, Json> | undefined {
  const byKey = new Map<string, Json>()
  for (const element of list) {
    if (!isObject(element)) return undefined
    const name =
      typeof element.id === 'string'
        ? element.id
        : typeof element.field === 'string'
          ? `field:${element.field}`
          : undefined
    if (name === undefined || byKey.has(name)) return undefined
    byKey.set(name, element)
  }
  return byKey
}

function elementLabel(name: string, noun: string): string {
  return name.startsWith('field:') ? `condition on ${name.slice(6)}` : `${noun} '${name}'`
}

const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b)

function compare(
  before: Json | undefined,
  after: Json | undefined,
  path: readonly string[],
  keys: readonly string[],
  out: ContractChange[],
): void {
  const key = keys.at(-1) ?? ''
  if (before === undefined && after === undefined) return
  if (before === undefined) {
    out.push({ change: 'added', path, after: formatValue(after, key) })
    return
  }
  if (after === undefined) {
    out.push({ change: 'removed', path, before: formatValue(before, key) })
    return
  }
  if (same(before, after)) return
  if (isObject(before) && isObject(after)) {
    const names = [...Object.keys(before), ...Object.keys(after).filter((k) => !(k in before))]
    for (const name of names)
      compare(before[name], after[name], [...path, labelOf(name)], [...keys, name], out)
    return
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const was = keyedElements(before)
    const now = keyedElements(after)
    if (was !== undefined && now !== undefined) {
      const noun = ruleNoun(keys.slice(0, -1), key)
      // A named rule says what it is ("fit rule 'x'"); a condition belongs to its rule.
      const base = noun !== 'entry' ? [] : key === 'when' ? path.slice(0, -1) : path
      const at = (name: string) => [...base, elementLabel(name, noun)]
      for (const [name, element] of was)
        compare(element, now.get(name), at(name), [...keys, name], out)
      for (const [name, element] of now)
        if (!was.has(name)) compare(undefined, element, at(name), [...keys, name], out)
      // Territories are checked in order, so their order is a change of its own.
      const kept = [...was.keys()].filter((name) => now.has(name))
      const keptNow = [...now.keys()].filter((name) => was.has(name))
      if (key === 'territories' && kept.some((name, i) => keptNow[i] !== name))
        out.push({
          change: 'changed',
          path: [...path, 'order'],
          before: kept.join(', '),
          after: keptNow.join(', '),
        })
      return
    }
  }
  out.push({ change: 'changed', path, ...beforeAfter(before, after, key) })
}

/** Every difference between two contract documents, in document order. */
export function diffContracts(before: unknown, after: unknown): ContractChange[] {
  const out: ContractChange[] = []
  compare(before as Json, after as Json, [], [], out)
  return out
}

/** One change as a line: "behaviour rule 'pricing-page': half-life 14 → 21 days". */
export function describeChange(change: ContractChange): string {
  const field = change.path.at(-1) ?? 'the document'
  const place = change.path.slice(0, -1).join(' › ')
  const what =
    change.change === 'added'
      ? `${field} ${change.after}`
      : change.change === 'removed'
        ? `${field} ${change.before}`
        : `${field} ${change.before} → ${change.after}`
  if (place !== '') return `${place}: ${what}`
  return change.change === 'changed'
    ? `${field}: ${change.before} → ${change.after}`
    : `${field}: ${change.after ?? change.before}`
}

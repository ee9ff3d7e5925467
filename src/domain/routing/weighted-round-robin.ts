export interface RosterMember {
  readonly id: string
  readonly name: string
  /** Relative share of new leads; 0 takes none. */
  readonly weight: number
  /** Most open (pending) assignments at once; 0 means no limit. */
  readonly capacity: number
  readonly openAssignments: number
  /** Inside their working hours right now (computed by the caller from their calendar). */
  readonly atWork: boolean
  /** Out of office right now. */
  readonly outOfOffice: boolean
}

/** Round-robin credits per member id, stored between decisions (per team). */
export type RoundRobinState = Readonly<Record<string, number>>

export type MemberPick =
  | {
      readonly kind: 'picked'
      readonly memberId: string
      readonly state: RoundRobinState
      readonly reasons: readonly string[]
    }
  | { readonly kind: 'nobody'; readonly reasons: readonly string[] }

/** Why a member cannot take a new lead at all right now, or undefined when they can. */
function ineligibility(member: RosterMember): string | undefined {
  if (!(member.weight > 0 && Number.isFinite(member.weight))) {
    return `${member.name} has weight ${member.weight}`
  }
  if (member.outOfOffice) return `${member.name} is out of office`
  if (member.capacity > 0 && member.openAssignments >= member.capacity) {
    return `${member.name} is at capacity (${member.openAssignments} of ${member.capacity} open)`
  }
  return undefined
}

function storedCredit(state: RoundRobinState, id: string): number {
  // The state comes back from storage; a missing or damaged entry counts as a fresh start.
  const credit = Object.hasOwn(state, id) ? state[id] : undefined
  return typeof credit === 'number' && Number.isFinite(credit) ? credit : 0
}

/**
 * Picks who in a team gets the next lead by smooth weighted round robin (as in nginx), among the
 * eligible members at work, or among all eligible members when nobody eligible is at work.
 */
export function pickTeamMember(
  members: readonly RosterMember[],
  state: RoundRobinState,
): MemberPick {
  if (members.length === 0) return { kind: 'nobody', reasons: ['The team has no members'] }

  const roster: RosterMember[] = []
  const skipped: string[] = []
  const seen = new Set<string>()
  for (const member of members) {
    // Two entries sharing one id would share one credit and skew the turns.
    if (seen.has(member.id)) {
      skipped.push(`${member.name} is listed twice; only the first entry counts`)
      continue
    }
    seen.add(member.id)
    roster.push(member)
  }

  const eligible: RosterMember[] = []
  for (const member of roster) {
    const reason = ineligibility(member)
    if (reason === undefined) eligible.push(member)
    else skipped.push(reason)
  }
  if (eligible.length === 0) return { kind: 'nobody', reasons: skipped }

  const atWork = eligible.filter((member) => member.atWork)
  const candidates = atWork.length > 0 ? atWork : eligible
  const outsideHours: string[] = []
  if (atWork.length > 0) {
    for (const member of eligible) {
      if (!member.atWork) outsideHours.push(`${member.name} is outside working hours`)
    }
  }

  const credits = new Map(roster.map((member) => [member.id, storedCredit(state, member.id)]))
  let totalWeight = 0
  for (const member of candidates) {
    credits.set(member.id, (credits.get(member.id) ?? 0) + member.weight)
    totalWeight += member.weight
  }
  const creditOf = (member: RosterMember) => credits.get(member.id) ?? 0
  // Ties go to the smaller id so that the same input always gives the same pick.
  const chosen = candidates.reduce((best, member) =>
    creditOf(member) > creditOf(best) ||
    (creditOf(member) === creditOf(best) && member.id < best.id)
      ? member
      : best,
  )
  credits.set(chosen.id, creditOf(chosen) - totalWeight)

  const reasons: string[] = []
  if (candidates.length === 1) {
    reasons.push(`${chosen.name} is the only one who can take it`)
  } else {
    const weights = candidates.map((member) => `${member.name} ${member.weight}`).join(', ')
    const among =
      candidates.length === roster.length
        ? `in a team of ${roster.length}`
        : `among ${candidates.length} of a team of ${roster.length}`
    reasons.push(`Weighted round robin ${among} (weights ${weights}): ${chosen.name}'s turn`)
  }
  if (atWork.length === 0) {
    reasons.push(
      `Nobody available is at work right now; the SLA clock starts when ${chosen.name} next works`,
    )
  }
  reasons.push(...skipped, ...outsideHours)

  return {
    kind: 'picked',
    memberId: chosen.id,
    state: Object.fromEntries(credits),
    reasons,
  }
}

// Lead-to-account matching: which account a person works for, from the evidence at hand. The
// strongest evidence wins (email domain, then company name, then website); a weak or ambiguous
// match proposes a candidate for a person to confirm and never links silently.

export interface AccountCandidate {
  readonly accountId: string
  readonly name: string
}

export interface FuzzyCandidate extends AccountCandidate {
  /** Trigram similarity of the normalised names, 0..1. */
  readonly similarity: number
}

export interface MatchEvidence {
  readonly emailDomain?: string
  readonly companyName?: string
  readonly websiteDomain?: string
  /** The account owning the email's domain (free-mail and disposable domains never get here). */
  readonly byEmailDomain?: AccountCandidate
  /** Accounts whose normalised name equals the contact's company. */
  readonly byExactName?: readonly AccountCandidate[]
  /** Accounts with a similar normalised name, best first. */
  readonly byFuzzyName?: readonly FuzzyCandidate[]
  /** The account owning the contact's website domain. */
  readonly byWebsite?: AccountCandidate
}

export type MatchMethod = 'domain' | 'name' | 'website'

export type AccountMatch =
  | {
      readonly status: 'linked'
      readonly accountId: string
      readonly method: MatchMethod
      readonly confidence: number
      readonly reason: string
    }
  | {
      readonly status: 'review'
      readonly candidateId: string
      readonly method: MatchMethod
      readonly confidence: number
      readonly reason: string
    }
  | { readonly status: 'unmatched'; readonly reason: string }

export const MATCH_THRESHOLDS = {
  /** Confidence of a link by the email's domain. */
  domain: 0.95,
  /** Confidence of a link by a company name equal to exactly one account's. */
  exactName: 0.9,
  /** Confidence of a link by the website's domain. */
  website: 0.9,
  /** A similar name at least this close links on its own... */
  fuzzyLink: 0.85,
  /** ...one at least this close is proposed for review... */
  fuzzyReview: 0.5,
  /** ...and two candidates closer than this to each other are a question for a person. */
  fuzzyAmbiguity: 0.05,
} as const

const round = (n: number) => Math.round(n * 100) / 100

export function matchLeadToAccount(evidence: MatchEvidence): AccountMatch {
  const { byEmailDomain, byWebsite } = evidence
  if (byEmailDomain !== undefined)
    return {
      status: 'linked',
      accountId: byEmailDomain.accountId,
      method: 'domain',
      confidence: MATCH_THRESHOLDS.domain,
      reason: `email domain ${evidence.emailDomain ?? ''} belongs to ${byEmailDomain.name}`.trim(),
    }

  const exact = evidence.byExactName ?? []
  const [onlyExact] = exact
  if (exact.length === 1 && onlyExact !== undefined)
    return {
      status: 'linked',
      accountId: onlyExact.accountId,
      method: 'name',
      confidence: MATCH_THRESHOLDS.exactName,
      reason: `company "${evidence.companyName ?? onlyExact.name}" is the name of ${onlyExact.name}`,
    }
  if (exact.length > 1 && onlyExact !== undefined) {
    const named = exact.find((a) => a.accountId === byWebsite?.accountId)
    if (named !== undefined) return websiteLink(evidence, named)
    return {
      status: 'review',
      candidateId: onlyExact.accountId,
      method: 'name',
      confidence: round(MATCH_THRESHOLDS.exactName / exact.length),
      reason: `company "${evidence.companyName ?? onlyExact.name}" names ${exact.length} accounts`,
    }
  }

  const fuzzy = [...(evidence.byFuzzyName ?? [])].sort((a, b) => b.similarity - a.similarity)
  const [best, second] = fuzzy
  if (best !== undefined && best.similarity >= MATCH_THRESHOLDS.fuzzyReview) {
    const company = evidence.companyName ?? ''
    const ambiguous =
      second !== undefined && best.similarity - second.similarity < MATCH_THRESHOLDS.fuzzyAmbiguity
    const confidence = round(best.similarity)
    if (best.similarity >= MATCH_THRESHOLDS.fuzzyLink && !ambiguous)
      return {
        status: 'linked',
        accountId: best.accountId,
        method: 'name',
        confidence,
        reason: `company "${company}" is close to ${best.name} (similarity ${confidence})`,
      }
    // A weak name match yields to a website that names an account for sure.
    if (byWebsite !== undefined) return websiteLink(evidence, byWebsite)
    return {
      status: 'review',
      candidateId: best.accountId,
      method: 'name',
      confidence,
      reason: ambiguous
        ? `company "${company}" is as close to ${best.name} as to ${second?.name ?? ''}`
        : `company "${company}" resembles ${best.name} (similarity ${confidence})`,
    }
  }

  if (byWebsite !== undefined) return websiteLink(evidence, byWebsite)

  return { status: 'unmatched', reason: unmatchedReason(evidence) }
}

function websiteLink(evidence: MatchEvidence, account: AccountCandidate): AccountMatch {
  return {
    status: 'linked',
    accountId: account.accountId,
    method: 'website',
    confidence: MATCH_THRESHOLDS.website,
    reason: `website ${evidence.websiteDomain ?? ''} belongs to ${account.name}`,
  }
}

function unmatchedReason(evidence: MatchEvidence): string {
  const tried = []
  if (evidence.emailDomain !== undefined) tried.push(`email domain ${evidence.emailDomain}`)
  if (evidence.companyName !== undefined) tried.push(`company "${evidence.companyName}"`)
  if (evidence.websiteDomain !== undefined) tried.push(`website ${evidence.websiteDomain}`)
  return tried.length === 0
    ? 'no email domain, company or website to match on'
    : `no account matches ${tried.join(', ')}`
}

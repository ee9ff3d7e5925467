import type { ApprovalSide, ContractKind, ContractStatus, ContractVersion, Role } from './types.ts'

// The versions of a contract as the Contracts view presents them: what each is called, where it
// stands, which one to compare it with, and what the person looking may do with it (the server
// decides the same way: role-permissions.ts and the contracts service).

export const CONTRACT_KINDS: readonly {
  readonly kind: ContractKind
  readonly name: string
  readonly about: string
  readonly example: string
}[] = [
  {
    kind: 'qualification',
    name: 'Qualification definition',
    about:
      'Who is a marketing-qualified lead: fit rules, behaviour rules with their half-lives, MQL cells.',
    example: 'examples/contracts/qualification.yaml',
  },
  {
    kind: 'icp',
    name: 'Ideal customer profile',
    about: 'Which accounts matter most: ICP rules and tiers, account engagement, buying stages.',
    example: 'examples/contracts/icp.yaml',
  },
  {
    kind: 'routing',
    name: 'Routing rules',
    about: 'Who gets a lead, in which motion, and how fast they answer (SLAs).',
    example: 'examples/contracts/routing.yaml',
  },
]

export function isContractKind(value: string | null): value is ContractKind {
  return CONTRACT_KINDS.some((k) => k.kind === value)
}

/** The side a role approves for: marketing, or sales for every sales role; admins and cs none. */
export function approvalSideOf(role: Role): ApprovalSide | undefined {
  if (role === 'marketing') return 'marketing'
  if (role === 'sales' || role === 'sdr' || role === 'ae') return 'sales'
  return undefined
}

const ACTIVATING_ROLES: readonly Role[] = ['admin', 'marketing', 'sales', 'sdr', 'ae']

export function mayActivate(role: Role): boolean {
  return ACTIVATING_ROLES.includes(role)
}

const SIDES: readonly ApprovalSide[] = ['marketing', 'sales']

const missingSides = (contract: ContractVersion) =>
  SIDES.filter((side) => !contract.approvals.some((a) => a.side === side))

/** Where a version stands, in words: "Draft, approved by marketing". */
export function statusText(contract: ContractVersion): string {
  switch (contract.status) {
    case 'active':
      return 'Active'
    case 'retired':
      return 'Retired'
    case 'withdrawn':
      return 'Withdrawn'
    case 'approved':
      return 'Approved by both sides'
    case 'draft': {
      const approved = SIDES.filter((side) => !missingSides(contract).includes(side))
      return approved.length === 0
        ? 'Draft, awaiting approval'
        : `Draft, approved by ${approved.join(' and ')}`
    }
  }
}

/** Whether the version can still be approved or activated (a draft, or approved by both). */
export function isOpen(status: ContractStatus): boolean {
  return status === 'draft' || status === 'approved'
}

export const formatDate = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })

export interface Offer {
  /** What the button says. */
  readonly label: string
  /** Why the person may not, when they may not. */
  readonly refusal?: string
}

/** The approval a person of `role` may give the version, or why not. */
export function approvalOffer(contract: ContractVersion, role: Role): Offer {
  const side = approvalSideOf(role)
  if (side === undefined)
    return {
      label: 'Approve',
      refusal: `A contract is approved by a marketing user and by a sales user (sales, sdr or ae); your role is ${role}.`,
    }
  const label = `Approve as ${side}`
  if (!isOpen(contract.status))
    return {
      label,
      refusal: `Version ${contract.version} is ${contract.status}; only a draft can be approved. Draft a new version instead.`,
    }
  const given = contract.approvals.find((a) => a.side === side)
  if (given !== undefined)
    return {
      label,
      refusal: `${given.userName} approved it for ${side} on ${formatDate(given.approvedAt)}.`,
    }
  return { label }
}

/** Activating the version, or why the person may not (yet). */
export function activationOffer(contract: ContractVersion, role: Role): Offer {
  const label = 'Activate'
  if (!mayActivate(role))
    return {
      label,
      refusal: `Activating a contract is done by marketing or sales (marketing, sales, sdr, ae) and admins; your role is ${role}.`,
    }
  if (!isOpen(contract.status))
    return { label, refusal: `Version ${contract.version} is ${contract.status}.` }
  const missing = missingSides(contract)
  if (missing.length > 0)
    return { label, refusal: `It still needs approval by ${missing.join(' and ')}.` }
  return { label }
}

/** The version shown first: the newest one still open, else the active one, else the newest. */
export function defaultVersion(versions: readonly ContractVersion[]): ContractVersion | undefined {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version)
  return (
    newestFirst.find((v) => isOpen(v.status)) ??
    newestFirst.find((v) => v.status === 'active') ??
    newestFirst[0]
  )
}

/** What a version is compared with by default: the active one, or for the active the one before. */
export function defaultComparison(
  versions: readonly ContractVersion[],
  selected: ContractVersion,
): ContractVersion | undefined {
  const active = versions.find((v) => v.status === 'active')
  if (active !== undefined && active.id !== selected.id) return active
  return [...versions]
    .filter((v) => v.version < selected.version)
    .sort((a, b) => b.version - a.version)[0]
}

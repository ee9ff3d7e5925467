import { describe, expect, it } from 'vitest'
import * as server from '../../src/domain/role-permissions.ts'
import { ROLES } from '../../src/services/users.ts'
import {
  activationOffer,
  approvalOffer,
  approvalSideOf,
  defaultComparison,
  defaultVersion,
  mayActivate,
  statusText,
} from './contract-versions.ts'
import type { ContractApproval, ContractStatus, ContractVersion } from './types.ts'

const version = (
  n: number,
  status: ContractStatus,
  approvals: readonly ContractApproval[] = [],
): ContractVersion => ({
  id: `id-${n}`,
  kind: 'qualification',
  version: n,
  name: `Version ${n}`,
  status,
  createdAt: '2026-03-01T10:00:00.000Z',
  activatedAt: null,
  retiredAt: null,
  approvals,
  body: {},
})

const byMarketing: ContractApproval = {
  side: 'marketing',
  userId: 'u1',
  userName: 'Mia',
  approvedAt: '2026-03-02T10:00:00.000Z',
  comment: null,
}
const bySales: ContractApproval = { ...byMarketing, side: 'sales', userId: 'u2', userName: 'Vic' }

describe('who may approve and activate', () => {
  it('is what the server allows, for every role', () => {
    for (const role of ROLES) {
      expect(approvalSideOf(role), role).toBe(server.approvalSideOf(role))
      expect(mayActivate(role), role).toBe(server.roleMay(role, 'activate-contract'))
    }
  })

  it('offers marketing and sales their own side on a draft', () => {
    const draft = version(2, 'draft')
    expect(approvalOffer(draft, 'marketing')).toEqual({ label: 'Approve as marketing' })
    expect(approvalOffer(draft, 'sdr')).toEqual({ label: 'Approve as sales' })
  })

  it('says why admins and customer success do not approve', () => {
    expect(approvalOffer(version(2, 'draft'), 'cs').refusal).toMatch(/your role is cs/)
    expect(approvalOffer(version(2, 'draft'), 'admin').refusal).toMatch(/your role is admin/)
  })

  it('says who approved for the side already, and that only drafts are approved', () => {
    const draft = version(2, 'draft', [byMarketing])
    expect(approvalOffer(draft, 'marketing').refusal).toBe(
      'Mia approved it for marketing on 2 Mar 2026.',
    )
    expect(approvalOffer(draft, 'sales')).toEqual({ label: 'Approve as sales' })
    expect(approvalOffer(version(1, 'active'), 'sales').refusal).toMatch(
      /Version 1 is active; only a draft/,
    )
  })

  it('activates once both sides approved, saying which approval is missing before', () => {
    expect(activationOffer(version(2, 'draft', [byMarketing]), 'marketing').refusal).toBe(
      'It still needs approval by sales.',
    )
    expect(activationOffer(version(2, 'approved', [byMarketing, bySales]), 'sales')).toEqual({
      label: 'Activate',
    })
    expect(activationOffer(version(2, 'approved', [byMarketing, bySales]), 'cs').refusal).toMatch(
      /your role is cs/,
    )
    expect(activationOffer(version(1, 'retired'), 'admin').refusal).toBe('Version 1 is retired.')
  })
})

describe('a version in the list', () => {
  it('says where it stands', () => {
    expect(statusText(version(3, 'draft'))).toBe('Draft, awaiting approval')
    expect(statusText(version(3, 'draft', [bySales]))).toBe('Draft, approved by sales')
    expect(statusText(version(3, 'approved', [byMarketing, bySales]))).toBe(
      'Approved by both sides',
    )
    expect(statusText(version(1, 'retired'))).toBe('Retired')
  })

  it('opens on the newest open version, compared with the active one', () => {
    const versions = [version(1, 'retired'), version(2, 'active'), version(3, 'draft')]
    const shown = defaultVersion(versions)
    expect(shown?.version).toBe(3)
    expect(shown && defaultComparison(versions, shown)?.version).toBe(2)
  })

  it('compares the active version with the one before it', () => {
    const versions = [version(1, 'retired'), version(2, 'active')]
    const shown = defaultVersion(versions)
    expect(shown?.version).toBe(2)
    expect(shown && defaultComparison(versions, shown)?.version).toBe(1)
    expect(defaultComparison([version(1, 'active')], version(1, 'active'))).toBeUndefined()
  })
})

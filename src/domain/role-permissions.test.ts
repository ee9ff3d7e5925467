import { describe, expect, it } from 'vitest'
import type { Role } from '../store/database.ts'
import {
  ACTION_RULES,
  type Action,
  approvalSideOf,
  leadMoveRefusal,
  refusal,
  roleMay,
} from './role-permissions.ts'

const ROLES: readonly Role[] = ['admin', 'marketing', 'sales', 'sdr', 'ae', 'cs']
const ACTIONS = Object.keys(ACTION_RULES) as Action[]

describe('role permissions', () => {
  it('lets admins do everything and customer success change nothing but their own digest', () => {
    expect(ACTIONS.every((action) => roleMay('admin', action))).toBe(true)
    expect(ACTIONS.filter((action) => roleMay('cs', action))).toEqual(['choose-digest'])
  })

  it('keeps sales work with sales and contracts with both sides', () => {
    const may = (action: Action) => ROLES.filter((role) => roleMay(role, action))
    expect(may('answer-assignment')).toEqual(['admin', 'sales', 'sdr', 'ae'])
    expect(may('move-account')).toEqual(['admin', 'sales', 'sdr', 'ae'])
    expect(may('draft-contract')).toEqual(['admin', 'marketing', 'sales', 'sdr', 'ae'])
    expect(may('import-file')).toEqual(['admin', 'marketing', 'sales'])
    expect(may('manage-teams')).toEqual(['admin', 'sales'])
  })

  it('lets approve exactly the roles that have an approval side (and admins, whom the approval refuses)', () => {
    expect(ACTION_RULES['approve-contract'].by.roles).toEqual(
      ROLES.filter((role) => approvalSideOf(role) !== undefined),
    )
  })

  it('lets the side holding a lead move it: marketing until MQL and in nurture, sales from MQL on', () => {
    expect(leadMoveRefusal('marketing', 'inquiry')).toBeUndefined()
    expect(leadMoveRefusal('marketing', 'recycled')).toBeUndefined()
    expect(leadMoveRefusal('sdr', 'mql')).toBeUndefined()
    expect(leadMoveRefusal('admin', 'sql')).toBeUndefined()
    expect(leadMoveRefusal('marketing', 'sal')).toBe(
      'Moving a lead out of sal is done by sales (sales, sdr, ae) and admins; your role is marketing.',
    )
    expect(leadMoveRefusal('ae', 'lead')).toBe(
      'Moving a lead out of lead is done by marketing (marketing) and admins; your role is ae.',
    )
  })

  it('says who may, and what the role is', () => {
    expect(refusal('marketing', 'answer-assignment')).toBe(
      'Answering an assignment is done by sales (sales, sdr, ae) and admins; your role is marketing.',
    )
  })
})

import { describe, expect, it } from 'vitest'
import { JOB_TITLES } from '../services/demo/demo-vocabulary.ts'
import { inferDepartment, inferSeniority } from './job-title.ts'

describe('job titles', () => {
  it('reads the seniority and department the demo vocabulary assigns by hand', () => {
    const wrong = JOB_TITLES.filter(
      ([title, seniority, department]) =>
        inferSeniority(title) !== seniority || inferDepartment(title) !== department,
    ).map(([title]) => [title, inferSeniority(title), inferDepartment(title)])
    expect(wrong).toEqual([])
  })

  it('reads titles written other ways', () => {
    expect(inferSeniority('Senior Vice President, Global Sales')).toBe('vp')
    expect(inferDepartment('Senior Vice President, Global Sales')).toBe('sales')
    expect(inferSeniority('CMO')).toBe('c_level')
    expect(inferDepartment('CMO')).toBe('marketing')
    expect(inferSeniority('Team Lead, RevOps')).toBe('manager')
    expect(inferDepartment('Team Lead, RevOps')).toBe('operations')
    expect(inferDepartment('Salesforce Administrator')).toBe('it')
  })

  it('leaves a title without a department word without a department', () => {
    expect(inferDepartment('Consultant')).toBeUndefined()
    expect(inferSeniority('Consultant')).toBe('individual')
  })
})

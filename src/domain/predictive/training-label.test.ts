import { describe, expect, it } from 'vitest'
import { eligibilityCutoff, trainingLabel } from './training-label.ts'

const asOf = new Date('2018-12-31T00:00:00Z')
const cutoff = eligibilityCutoff(asOf, 90)

describe('eligibilityCutoff', () => {
  it('is the given number of whole days before the training time', () => {
    expect(cutoff.toISOString()).toBe('2018-10-02T00:00:00.000Z')
    expect(eligibilityCutoff(asOf, 0)).toEqual(asOf)
  })

  it('refuses a negative or unreadable age', () => {
    expect(() => eligibilityCutoff(asOf, -1)).toThrow(RangeError)
    expect(() => eligibilityCutoff(asOf, Number.NaN)).toThrow(RangeError)
  })
})

describe('trainingLabel', () => {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`)

  it('counts a won contact whatever its age', () => {
    expect(trainingLabel({ won: true, createdAt: day('2018-12-30'), erased: false }, cutoff)).toBe(
      'won',
    )
    expect(trainingLabel({ won: true, createdAt: day('2017-01-01'), erased: false }, cutoff)).toBe(
      'won',
    )
  })

  it('counts a contact that has not won as not won only from the cutoff back', () => {
    const at = (createdAt: Date) => trainingLabel({ won: false, createdAt, erased: false }, cutoff)
    expect(at(cutoff)).toBe('not_won')
    expect(at(new Date(cutoff.getTime() - 1))).toBe('not_won')
    expect(at(new Date(cutoff.getTime() + 1))).toBe('too_young')
  })

  it('leaves erased people out, won or not', () => {
    expect(trainingLabel({ won: true, createdAt: day('2017-01-01'), erased: true }, cutoff)).toBe(
      'erased',
    )
    expect(trainingLabel({ won: false, createdAt: day('2017-01-01'), erased: true }, cutoff)).toBe(
      'erased',
    )
  })
})

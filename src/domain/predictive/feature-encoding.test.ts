import { describe, expect, it } from 'vitest'
import {
  compileEncoder,
  describeEncodedValue,
  encodeRecord,
  encoderColumns,
  type FeatureSpec,
  fitEncoder,
  MISSING_LEVEL,
  OTHER_LEVEL,
  type RawRecord,
} from './feature-encoding.ts'

const features: FeatureSpec[] = [
  { name: 'origin', kind: 'categorical' },
  { name: 'employees', kind: 'numeric' },
]

// 3 x paid_search, 2 x email, 1 x other (a real value), 1 x webinar, 1 blank, 1 null.
const training: RawRecord[] = [
  { origin: 'paid_search', employees: 10 },
  { origin: 'paid_search', employees: 20 },
  { origin: ' paid_search ', employees: 30 },
  { origin: 'email', employees: 40 },
  { origin: 'email', employees: '50' },
  { origin: 'other', employees: null },
  { origin: 'webinar', employees: 'n/a' },
  { origin: '', employees: undefined },
  { origin: null, employees: '' },
]

const encodedValue = (record: RawRecord, column: string, minCount = 2): number => {
  const encoder = fitEncoder(training, features, { minCount })
  const index = encoderColumns(encoder).findIndex((c) => c.name === column)
  expect(index).toBeGreaterThanOrEqual(0)
  return encodeRecord(encoder, record)[index] as number
}

describe('fitEncoder', () => {
  it('keeps levels seen minCount times, trimmed and sorted, and counts the rest', () => {
    const encoder = fitEncoder(training, features, { minCount: 2 })
    expect(encoder.features[0]).toEqual({
      kind: 'categorical',
      name: 'origin',
      levels: [
        { value: 'email', count: 2 },
        { value: 'paid_search', count: 3 },
      ],
      otherCount: 2,
      missingCount: 2,
    })
  })

  it('standardises numbers with the training mean and population sd, text and blanks missing', () => {
    const encoder = fitEncoder(training, features, { minCount: 2 })
    // 10, 20, 30, 40, 50: mean 30, squared deviations 400 + 100 + 0 + 100 + 400 = 1000 over 5.
    expect(encoder.features[1]).toEqual({
      kind: 'numeric',
      name: 'employees',
      mean: 30,
      sd: Math.sqrt(200),
      missingCount: 4,
    })
  })

  it('orders columns per feature: kept levels, then other and missing', () => {
    const encoder = fitEncoder(training, features, { minCount: 2 })
    expect(encoderColumns(encoder).map((c) => c.name)).toEqual([
      'origin=email',
      'origin=paid_search',
      `origin=${OTHER_LEVEL}`,
      `origin=${MISSING_LEVEL}`,
      'employees',
    ])
  })

  it('does not depend on the order of the records', () => {
    const forward = fitEncoder(training, features, { minCount: 2 })
    const backward = fitEncoder([...training].reverse(), features, { minCount: 2 })
    expect(backward).toEqual(forward)
  })

  it('gives every level its own column with minCount 1', () => {
    const encoder = fitEncoder(training, features, { minCount: 1 })
    const origin = encoder.features[0]
    expect(origin?.kind === 'categorical' && origin.levels.map((l) => l.value)).toEqual([
      'email',
      'other',
      'paid_search',
      'webinar',
    ])
  })

  it('treats a constant number as carrying no information', () => {
    const encoder = fitEncoder([{ x: 5 }, { x: 5 }], [{ name: 'x', kind: 'numeric' }])
    expect(encoder.features[0]).toMatchObject({ mean: 5, sd: 1 })
    expect(Array.from(encodeRecord(encoder, { x: 5 }))).toEqual([0])
    expect(Array.from(encodeRecord(encoder, { x: 7 }))).toEqual([2])
  })

  it('refuses duplicate or clashing columns and bad options', () => {
    expect(() =>
      fitEncoder(
        [{ a: 1 }],
        [
          { name: 'a', kind: 'numeric' },
          { name: 'a', kind: 'numeric' },
        ],
      ),
    ).toThrow(/duplicate/)
    expect(() =>
      fitEncoder(
        [{ a: 'b', 'a=b': 1 }],
        [
          { name: 'a', kind: 'categorical' },
          { name: 'a=b', kind: 'numeric' },
        ],
        { minCount: 1 },
      ),
    ).toThrow(/duplicate/)
    expect(() => fitEncoder(training, features, { minCount: 0 })).toThrow(RangeError)
    expect(() => fitEncoder(training, [])).toThrow(RangeError)
  })
})

describe('encoding a record', () => {
  it('sets exactly one one-hot column per categorical feature', () => {
    const encoder = fitEncoder(training, features, { minCount: 2 })
    for (const record of [...training, { origin: 'brand_new', employees: 1 }]) {
      const row = encodeRecord(encoder, record)
      expect(row.slice(0, 4).reduce((a, b) => a + b, 0)).toBe(1)
    }
  })

  it('sends rare and unseen levels to other, and blanks to missing', () => {
    expect(encodedValue({ origin: 'webinar' }, `origin=${OTHER_LEVEL}`)).toBe(1)
    expect(encodedValue({ origin: 'never_seen' }, `origin=${OTHER_LEVEL}`)).toBe(1)
    expect(encodedValue({ origin: '  ' }, `origin=${MISSING_LEVEL}`)).toBe(1)
    expect(encodedValue({}, `origin=${MISSING_LEVEL}`)).toBe(1)
    expect(encodedValue({ origin: 'email' }, 'origin=email')).toBe(1)
  })

  it('keeps a literal "other" value apart from the bucket of rare levels', () => {
    expect(encodedValue({ origin: 'other' }, 'origin=other', 1)).toBe(1)
    expect(encodedValue({ origin: 'other' }, `origin=${OTHER_LEVEL}`, 1)).toBe(0)
  })

  it('scales numbers and puts missing ones at the mean', () => {
    expect(encodedValue({ employees: 30 + Math.sqrt(200) }, 'employees')).toBeCloseTo(1, 12)
    expect(encodedValue({ employees: '10' }, 'employees')).toBeCloseTo(-20 / Math.sqrt(200), 12)
    expect(encodedValue({ employees: null }, 'employees')).toBe(0)
    expect(encodedValue({ employees: 'unknown' }, 'employees')).toBe(0)
    expect(encodedValue({ employees: Number.NaN }, 'employees')).toBe(0)
  })

  it('reads numbers given to a categorical feature as their text', () => {
    const encoder = fitEncoder([{ day: 5 }, { day: '5' }], [{ name: 'day', kind: 'categorical' }], {
      minCount: 2,
    })
    expect(encoderColumns(encoder)[0]?.name).toBe('day=5')
  })

  it('encodes the same after a JSON round trip of the encoder', () => {
    const encoder = fitEncoder(training, features, { minCount: 2 })
    const stored = JSON.parse(JSON.stringify(encoder))
    for (const record of [...training, { origin: 'x', employees: 1e6 }]) {
      expect(encodeRecord(stored, record)).toEqual(encodeRecord(encoder, record))
    }
  })

  it('lists the same values sparse as dense', () => {
    const compiled = compileEncoder(fitEncoder(training, features, { minCount: 2 }))
    for (const record of training) {
      const dense = compiled.encode(record)
      const sparse = compiled.encodeSparse(record)
      const rebuilt = new Float64Array(dense.length)
      sparse.columns.forEach((column, k) => {
        rebuilt[column] = sparse.values[k] as number
      })
      expect(rebuilt).toEqual(dense)
      expect(sparse.values).not.toContain(0)
    }
  })
})

describe('describeEncodedValue', () => {
  it('labels one-hot columns by level and numbers by standard deviations', () => {
    const level = { name: 'origin=paid_search', feature: 'origin', level: 'paid_search' }
    const number = { name: 'balance', feature: 'balance', level: null }
    expect(describeEncodedValue(level, 1)).toBe('origin = paid_search')
    expect(describeEncodedValue(number, 1.234)).toBe('balance (+1.2 sd)')
    expect(describeEncodedValue(number, -0.76)).toBe('balance (-0.8 sd)')
  })
})

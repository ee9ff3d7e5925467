import pg from 'pg'

// node-postgres and PGlite disagree on several types out of the box (count(*) is a string from
// one and a number from the other, dates become local-time Dates in one). Both drivers get these
// parsers so every query returns the same JavaScript values on either database.

const OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  int8Array: 1016,
  numericArray: 1231,
} as const

/** A bigint as a number when it fits exactly, otherwise as a BigInt so no digit is lost. */
export function parseBigint(text: string): number | bigint {
  const value = Number(text)
  return Number.isSafeInteger(value) ? value : BigInt(text)
}

/** numeric as a number: amounts, scores and rates in this product fit a double. */
export function parseNumeric(text: string): number {
  return Number(text)
}

/** A SQL date stays 'YYYY-MM-DD': turning it into a Date would shift it by the local time zone. */
export function parseDate(text: string): string {
  return text
}

function arrayOf<T>(parse: (text: string) => T): (text: string) => T[] {
  const textArrayOid = 1009
  const parseArray = (pg.types.getTypeParser as (oid: number) => (text: string) => string[])(
    textArrayOid,
  )
  return (text) => parseArray(text).map((item) => (item === null ? item : parse(item)))
}

export const typeParsers: Readonly<Record<number, (text: string) => unknown>> = {
  [OID.int8]: parseBigint,
  [OID.numeric]: parseNumeric,
  [OID.date]: parseDate,
  [OID.int8Array]: arrayOf(parseBigint),
  [OID.numericArray]: arrayOf(parseNumeric),
}

/** The `types` option of a node-postgres pool: our parsers first, node-postgres' defaults after. */
export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const parser = format === 'binary' ? undefined : typeParsers[oid]
    return parser ?? pg.types.getTypeParser(oid, format)
  },
} as pg.CustomTypesConfig

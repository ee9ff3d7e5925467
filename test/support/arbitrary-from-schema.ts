import fc from 'fast-check'

// Values for a JSON Schema (the subset the API's TypeBox schemas use), for fuzzing routes: most
// of the time a value the schema allows, sometimes one just outside it (a wrong type, a string
// too long, a number out of range, a missing property), so both the happy path and every kind
// of refusal get exercised.

export interface JsonSchema {
  readonly type?: string | readonly string[]
  readonly enum?: readonly unknown[]
  readonly const?: unknown
  readonly anyOf?: readonly JsonSchema[]
  readonly oneOf?: readonly JsonSchema[]
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: readonly string[]
  readonly items?: JsonSchema
  readonly format?: string
  readonly minimum?: number
  readonly maximum?: number
  readonly minLength?: number
  readonly maxLength?: number
  readonly maxItems?: number
}

/** Any JSON value at all: what a careless or hostile client may send instead. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 })

const FORMATS: Readonly<Record<string, fc.Arbitrary<string>>> = {
  uuid: fc.uuid(),
  'date-time': fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  date: fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  email: fc.emailAddress(),
  uri: fc.webUrl(),
}

/** A value for the schema: usually valid, now and then slightly or wholly wrong. */
export function arbitraryFromSchema(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  if (schema === undefined) return anyJson
  return fc.oneof(
    { weight: 8, arbitrary: validFor(schema) },
    { weight: 1, arbitrary: nearMiss(schema) },
    { weight: 1, arbitrary: anyJson },
  )
}

function validFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum)
  const choices = schema.anyOf ?? schema.oneOf
  if (choices !== undefined) return fc.oneof(...choices.map(arbitraryFromSchema))
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string': {
      const format = schema.format === undefined ? undefined : FORMATS[schema.format]
      return (
        format ?? fc.string({ minLength: schema.minLength ?? 0, maxLength: schema.maxLength ?? 40 })
      )
    }
    case 'integer':
      return fc.integer({
        min: Math.ceil(schema.minimum ?? -1_000_000),
        max: Math.floor(schema.maximum ?? 1_000_000),
      })
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e9,
        max: schema.maximum ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return fc.array(arbitraryFromSchema(schema.items), {
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      })
    case 'object':
      return objectFor(schema)
    default:
      return anyJson
  }
}

function objectFor(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {}
  const required = new Set(schema.required ?? [])
  const shape = Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [key, arbitraryFromSchema(value)]),
  )
  return fc.record(shape, {
    requiredKeys: Object.keys(properties).filter((key) => required.has(key)),
  })
}

function nearMiss(schema: JsonSchema): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string':
      return fc.oneof(
        fc.string({ minLength: (schema.maxLength ?? 2000) + 1, maxLength: 3000 }),
        fc.constantFrom('', ' ', '\u0000', '../../etc/passwd', "' or 1=1 --", '2026-02-30'),
        fc.integer(),
      )
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.constantFrom(
          (schema.minimum ?? 0) - 1,
          (schema.maximum ?? 0) + 1,
          1e308,
          -1e308,
          0.5,
          '12abc',
        ),
        fc.string(),
      )
    case 'object':
      // Every required property but one.
      return objectFor({ ...schema, required: (schema.required ?? []).slice(1) })
    default:
      return anyJson
  }
}

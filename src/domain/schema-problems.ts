import type { TSchema } from 'typebox'
import Value from 'typebox/value'

/**
 * A document's schema errors as one line per path, e.g. "/entity: must be one of contacts,
 * accounts", so a person can fix a file without reading JSON Schema output. `hint` may give a
 * friendlier message for a path and keyword.
 */
export function schemaProblems(
  schema: TSchema,
  document: unknown,
  hint: (path: string, keyword: string) => string | undefined = () => undefined,
): string[] {
  const byPath = new Map<string, { allowed: string[]; messages: string[] }>()
  for (const error of Value.Errors(schema, document)) {
    const path = error.instancePath || '/'
    const entry = byPath.get(path) ?? { allowed: [], messages: [] }
    byPath.set(path, entry)
    const params = error.params as {
      allowedValue?: unknown
      allowedValues?: unknown[]
      requiredProperties?: string[]
    }
    const hinted = hint(path, error.keyword)
    if (hinted !== undefined) entry.messages.push(hinted)
    else if (error.keyword === 'const') entry.allowed.push(String(params.allowedValue))
    else if (error.keyword === 'enum')
      entry.allowed.push(...(params.allowedValues ?? []).map(String))
    else if (error.keyword === 'boolean') entry.messages.push('is not a known property')
    else if (error.keyword === 'required' && params.requiredProperties !== undefined)
      entry.messages.push(`needs ${params.requiredProperties.join(', ')}`)
    else if (error.keyword !== 'anyOf' && error.keyword !== 'additionalProperties')
      entry.messages.push(error.message)
  }
  const problems: string[] = []
  for (const [path, { allowed, messages }] of byPath) {
    if (allowed.length > 0) problems.push(`${path}: must be one of ${allowed.join(', ')}`)
    else if (messages.length > 0) problems.push(`${path}: ${[...new Set(messages)].join('; ')}`)
  }
  return problems.slice(0, 20)
}

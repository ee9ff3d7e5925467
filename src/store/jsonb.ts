/**
 * A value for a jsonb column, as JSON text. node-postgres sends a JavaScript array as a
 * PostgreSQL array literal, which a jsonb column refuses; PGlite does not. Passing JSON text
 * makes both drivers store the same document.
 */
export function jsonb<T>(value: T): string {
  return JSON.stringify(value)
}

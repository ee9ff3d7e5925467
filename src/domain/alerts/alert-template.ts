// An alert's wording with {{placeholders}} the sender fills in: marketing can rewrite and test
// the copy without a release, and a placeholder a kind does not offer is refused when the copy
// is saved, not discovered as a blank in a rep's inbox.

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g

/** The template with every {{name}} replaced by its value; an absent value renders empty. */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, string | number>>,
): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name]
    return value === undefined ? '' : String(value)
  })
}

/** The placeholder names a template uses, each once, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string))]
}

/** What is wrong with a template given the placeholders on offer; empty when nothing is. */
export function templateProblems(template: string, offered: readonly string[]): string[] {
  const problems = placeholdersOf(template)
    .filter((name) => !offered.includes(name))
    .map(
      (name) =>
        `{{${name}}} is not a placeholder of this alert; use ${offered.map((o) => `{{${o}}}`).join(', ')}`,
    )
  const stray = template.replace(PLACEHOLDER, '')
  if (stray.includes('{{') || stray.includes('}}'))
    problems.push('has a "{{" or "}}" that is not a placeholder such as {{person}}')
  return problems
}

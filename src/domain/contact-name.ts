// How a person is named wherever Tandem writes about them: first and last name, else their
// email, else that nobody knows who they are yet.

export const UNNAMED_CONTACT = 'an unnamed contact'

export function contactName(person: {
  readonly first_name: string | null
  readonly last_name: string | null
  readonly email: string | null
}): string {
  const name = [person.first_name, person.last_name].filter((p) => p !== null).join(' ')
  return name !== '' ? name : (person.email ?? UNNAMED_CONTACT)
}

/** How a person (an employee or a contact) is named wherever the app shows or searches one. */

/** The name fields the vendor API may send for an employee or a contact. */
export interface NamedPerson {
  id: number
  name?: string | null
  first_name?: string | null
  last_name?: string | null
}

/**
 * The person's name: `name` as the server wrote it, else family name then given name (`楊` +
 * `美玲`, no space, as Chinese names are written); null when the server sent none.
 */
export function personName(person: Omit<NamedPerson, 'id'> | null | undefined): string | null {
  if (!person) return null
  if (typeof person.name === 'string' && person.name !== '') return person.name
  const parts = [person.last_name, person.first_name].filter((p) => typeof p === 'string' && p)
  return parts.length > 0 ? parts.join('') : null
}

/** The person as a label: the name, or `#id` when the server sent no name. */
export function personLabel(person: NamedPerson): string {
  return personName(person) ?? `#${person.id}`
}

/**
 * An employee in a few characters (the status bar's "who am I", a ticket's handler): the name,
 * else the employee number, else `#id`, never a bare number that reads as a count.
 */
export function employeeShortName(e: {
  id: number
  name?: string | null
  employeeNo?: string | null
}): string {
  return personName(e) ?? (e.employeeNo || `#${e.id}`)
}

/** A name without its white space: `楊 美玲` is typed `楊美玲` as often as not (null: no change). */
export function nameWithoutSpaces(name: string | null): string | null {
  if (name === null) return null
  const joined = name.replace(/\s+/g, '')
  return joined === name ? null : joined
}

import type { AccountActivity } from '../../domain/scoring/account-score.ts'
import type { ScoredActivity } from '../../domain/scoring/contact-score.ts'
import type { FunctionName } from '../../store/database.ts'

// The activities a re-score reads in one pass, kept as columns of numbers rather than millions of
// objects: a contact's or account's activities become objects only while it is being scored.

/** Where an activity's contact or account is not one the pass scores. */
export const NOT_IN_PASS = -1

export class ActivityColumns {
  #length = 0
  #contact = new Int32Array(1024)
  #account = new Int32Array(1024)
  #type = new Uint16Array(1024)
  #function = new Uint8Array(1024)
  #ms = new Float64Array(1024)
  /** Paths are rare (page visits with one), so they are kept by row. */
  readonly #paths = new Map<number, string>()
  readonly #types: string[] = []
  readonly #typeCodes = new Map<string, number>()
  readonly #functions: FunctionName[] = []
  readonly #functionCodes = new Map<FunctionName, number>()
  readonly #contacts: number
  readonly #accounts: number

  /** Room for activities of `contacts` contacts and `accounts` accounts, numbered from 0. */
  constructor(contacts: number, accounts: number) {
    this.#contacts = contacts
    this.#accounts = accounts
  }

  get length(): number {
    return this.#length
  }

  /** One activity: where its contact and account stand in the pass (or NOT_IN_PASS), and what. */
  add(
    contact: number,
    account: number,
    type: string,
    fn: FunctionName,
    ms: number,
    path: string | null,
  ): void {
    if (this.#length === this.#ms.length) this.#grow()
    const i = this.#length++
    this.#contact[i] = contact
    this.#account[i] = account
    this.#type[i] = code(type, this.#types, this.#typeCodes)
    this.#function[i] = code(fn, this.#functions, this.#functionCodes)
    this.#ms[i] = ms
    if (path !== null) this.#paths.set(i, path)
  }

  /** Each contact's activities, oldest first, as scoring reads them; contacts with none too. */
  *byContact(): Generator<readonly [contact: number, activities: ScoredActivity[]]> {
    for (const [contact, rows] of this.#grouped(this.#contact, this.#contacts))
      yield [
        contact,
        rows.map((i) => ({
          type: this.#types[this.#type[i] as number] as string,
          occurredAt: new Date(this.#ms[i] as number),
          path: this.#paths.get(i) ?? null,
        })),
      ]
  }

  /** Each account's activities, oldest first; accounts with none too. */
  *byAccount(): Generator<readonly [account: number, activities: AccountActivity[]]> {
    for (const [account, rows] of this.#grouped(this.#account, this.#accounts))
      yield [
        account,
        rows.map((i) => ({
          type: this.#types[this.#type[i] as number] as string,
          function: this.#functions[this.#function[i] as number] as FunctionName,
          occurredAt: new Date(this.#ms[i] as number),
        })),
      ]
  }

  /** Rows grouped by owner with a counting sort, each group in time order. */
  *#grouped(owners: Int32Array, count: number): Generator<readonly [number, number[]]> {
    const starts = new Int32Array(count + 1)
    for (let i = 0; i < this.#length; i++) {
      const owner = owners[i] as number
      if (owner !== NOT_IN_PASS) starts[owner + 1] = (starts[owner + 1] as number) + 1
    }
    for (let o = 0; o < count; o++)
      starts[o + 1] = (starts[o + 1] as number) + (starts[o] as number)
    const order = new Int32Array(starts[count] as number)
    const next = starts.slice(0, count)
    for (let i = 0; i < this.#length; i++) {
      const owner = owners[i] as number
      if (owner === NOT_IN_PASS) continue
      order[next[owner] as number] = i
      next[owner] = (next[owner] as number) + 1
    }
    const ms = this.#ms
    for (let o = 0; o < count; o++) {
      const rows = Array.from(order.subarray(starts[o] as number, starts[o + 1] as number))
      rows.sort((a, b) => (ms[a] as number) - (ms[b] as number))
      yield [o, rows]
    }
  }

  #grow(): void {
    const size = this.#ms.length * 2
    const grown = <T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(
      from: T,
      to: T,
    ): T => {
      to.set(from)
      return to
    }
    this.#contact = grown(this.#contact, new Int32Array(size))
    this.#account = grown(this.#account, new Int32Array(size))
    this.#type = grown(this.#type, new Uint16Array(size))
    this.#function = grown(this.#function, new Uint8Array(size))
    this.#ms = grown(this.#ms, new Float64Array(size))
  }
}

/** The number a value is kept as, given the first time it is seen. */
function code<T>(value: T, values: T[], codes: Map<T, number>): number {
  let known = codes.get(value)
  if (known === undefined) {
    known = values.length
    values.push(value)
    codes.set(value, known)
  }
  return known
}

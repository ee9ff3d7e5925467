// A seeded pseudo-random generator for the demo workspace: the same seed gives the same company,
// byte for byte, on every machine. sfc32 rather than a 32-bit-state generator because ids are
// drawn from it: with 2^32 states, a million v4-shaped ids would collide.

export type WeightedPairs<T> = readonly (readonly [T, number])[]

export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number
  /** A float in [min, max). */
  float(min: number, max: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** One value, each with a probability proportional to its weight. */
  weighted<T>(pairs: WeightedPairs<T>): T
  /** `n` distinct items in random order (all of them when n >= items.length). */
  sample<T>(items: readonly T[], n: number): T[]
  shuffle<T>(items: readonly T[]): T[]
  normal(mean?: number, sd?: number): number
  /** Log-normal, parameterised by its median: half the draws lie below it. */
  lognormal(median: number, sigma: number): number
  poisson(lambda: number): number
  /** A v4-shaped UUID made from the generator, so ids are reproducible too. */
  uuid(): string
  /** An independent generator: what one part draws does not shift the numbers of another. */
  fork(label: string): Random
}

const TWO_POW_32 = 4_294_967_296

function hashString(text: string, seed: number): number {
  // FNV-1a, then a final avalanche so near labels ("account:1", "account:2") diverge.
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

function splitmix32(state: number): () => number {
  let s = state >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad) >>> 0
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97) >>> 0
    return (z ^ (z >>> 15)) >>> 0
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

class Sfc32 implements Random {
  #a: number
  #b: number
  #c: number
  #d: number
  #spareNormal: number | undefined = undefined

  constructor(a: number, b: number, c: number, d: number) {
    this.#a = a >>> 0
    this.#b = b >>> 0
    this.#c = c >>> 0
    this.#d = d >>> 0
    // The first outputs of sfc32 still show the seed's structure.
    for (let i = 0; i < 12; i++) this.#next32()
  }

  #next32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0
    this.#d = (this.#d + 1) | 0
    this.#a = this.#b ^ (this.#b >>> 9)
    this.#b = (this.#c + (this.#c << 3)) | 0
    this.#c = (this.#c << 21) | (this.#c >>> 11)
    this.#c = (this.#c + t) | 0
    return t >>> 0
  }

  next(): number {
    return this.#next32() / TWO_POW_32
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick() from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  weighted<T>(pairs: WeightedPairs<T>): T {
    let total = 0
    for (const [, weight] of pairs) total += weight
    if (!(total > 0)) throw new Error('weighted() needs a positive total weight')
    let r = this.next() * total
    for (const [value, weight] of pairs) {
      r -= weight
      if (r < 0) return value
    }
    return (pairs[pairs.length - 1] as readonly [T, number])[0]
  }

  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, n))
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const tmp = out[i] as T
      out[i] = out[j] as T
      out[j] = tmp
    }
    return out
  }

  normal(mean = 0, sd = 1): number {
    if (this.#spareNormal !== undefined) {
      const z = this.#spareNormal
      this.#spareNormal = undefined
      return mean + sd * z
    }
    // Box-Muller; 1 - next() keeps log() away from zero.
    const u = 1 - this.next()
    const v = this.next()
    const r = Math.sqrt(-2 * Math.log(u))
    this.#spareNormal = r * Math.sin(2 * Math.PI * v)
    return mean + sd * r * Math.cos(2 * Math.PI * v)
  }

  lognormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma))
  }

  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))))
    const limit = Math.exp(-lambda)
    let k = 0
    let p = this.next()
    while (p > limit) {
      k++
      p *= this.next()
    }
    return k
  }

  uuid(): string {
    const w0 = this.#next32()
    const w1 = (this.#next32() & 0xffff0fff) | 0x00004000
    const w2 = (this.#next32() & 0x3fffffff) | 0x80000000
    const w3 = this.#next32()
    const bytes = (w: number) =>
      `${HEX[(w >>> 24) & 0xff]}${HEX[(w >>> 16) & 0xff]}${HEX[(w >>> 8) & 0xff]}${HEX[w & 0xff]}`
    const b1 = bytes(w1)
    const b2 = bytes(w2)
    return `${bytes(w0)}-${b1.slice(0, 4)}-${b1.slice(4)}-${b2.slice(0, 4)}-${b2.slice(4)}${bytes(w3)}`
  }

  fork(label: string): Random {
    // Derived from the current state without advancing it, so forks do not disturb the parent.
    return seeded(hashString(label, this.#a ^ this.#c), hashString(label, this.#b ^ this.#d))
  }
}

function seeded(x: number, y: number): Random {
  const mix = splitmix32((x ^ Math.imul(y, 0x9e3779b1)) >>> 0)
  return new Sfc32(mix() ^ y, mix(), mix() ^ x, mix())
}

/** A generator for a seed; any integer or string, equal seeds give equal sequences. */
export function createRandom(seed: number | string): Random {
  const text = String(seed)
  return seeded(hashString(text, 0x2545f491), hashString(text, 0x9e3779b9))
}

/**
 * Picks among many weighted values in O(log n) per draw, for the hot loops (a contact's
 * account among thousands).
 */
export function weightedPicker<T>(pairs: WeightedPairs<T>): (random: Random) => T {
  const values = pairs.map(([value]) => value)
  const cumulative: number[] = []
  let total = 0
  for (const [, weight] of pairs) {
    total += Math.max(0, weight)
    cumulative.push(total)
  }
  if (!(total > 0)) throw new Error('weightedPicker() needs a positive total weight')
  return (random) => {
    const r = random.next() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((cumulative[mid] as number) > r) hi = mid
      else lo = mid + 1
    }
    return values[lo] as T
  }
}

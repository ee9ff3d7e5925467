import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto'

// Passwords are stored as scrypt hashes: memory-hard (32 MiB per hash with these parameters), so
// a stolen table is slow to guess through even on GPUs. Each hash carries its own parameters and
// salt: `scrypt$N$r$p$salt$hash`, both base64url. Nothing else about a password is kept.

const PARAMETERS = { N: 2 ** 15, r: 8, p: 1 } as const
const KEY_LENGTH = 32
/** The shortest password accepted. Length beats composition rules. */
export const MIN_PASSWORD_LENGTH = 12

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  // maxmem above the 128 × N × r bytes the parameters need.
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { ...options, maxmem: 64 * 1024 * 1024 },
      (error, key) => (error === null ? resolve(key) : reject(error)),
    ),
  )
}

/** Why a password cannot be used, or undefined when it can. */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `A password needs at least ${MIN_PASSWORD_LENGTH} characters; a few words make a good one.`
  return undefined
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, PARAMETERS)
  const { N, r, p } = PARAMETERS
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** Whether the password matches the stored hash, in time independent of where they differ. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

import { mkdirSync } from 'node:fs'
import lockfile from 'proper-lockfile'

/** How long a lock survives its owner after a crash before another process may take it over. */
export const STALE_LOCK_MS = 10_000

export class DataDirLockedError extends Error {
  readonly dataDir: string
  constructor(dataDir: string) {
    super(
      `The data directory ${dataDir} is in use by another Tandem process. ` +
        'Stop that process first, or start this one with --data DIR to use another directory. ' +
        `If that process crashed, its lock expires within ${STALE_LOCK_MS / 1000} seconds.`,
    )
    this.name = 'DataDirLockedError'
    this.dataDir = dataDir
  }
}

/**
 * Takes the one-writer lock of an embedded data directory. PGlite is a single-process database;
 * two processes on one directory would corrupt it, so the second one must fail fast instead.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  mkdirSync(dataDir, { recursive: true })
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: `${dataDir}.lock`,
      stale: STALE_LOCK_MS,
      update: STALE_LOCK_MS / 2,
      realpath: false,
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirLockedError(dataDir)
    throw error
  }
}

import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const entry = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))

export interface TandemProcess {
  readonly child: ChildProcess
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string
  /** Resolves with the first match of `pattern` in the output, or fails with what was printed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Runs the real `tandem` CLI in a child process, as a user would from the repository. */
export function spawnTandem(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
  /** Written to the command's standard input, which is then closed. */
  input?: string,
): TandemProcess {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: undefined,
    TANDEM_LOG_LEVEL: 'warn',
    ...env,
  }
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: repoRoot,
    env: Object.fromEntries(Object.entries(childEnv).filter(([, v]) => v !== undefined)),
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  })
  if (input !== undefined) child.stdin?.end(input)
  let output = ''
  const listeners = new Set<() => void>()
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8')
    for (const listener of listeners) listener()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal })
      for (const listener of listeners) listener()
    })
  })
  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output)
          if (match !== null) {
            finish()
            resolve(match)
          } else if (child.exitCode !== null || child.signalCode !== null) {
            finish()
            reject(new Error(`tandem exited before printing ${pattern}:\n${output}`))
          }
        }
        const timer = setTimeout(() => {
          finish()
          reject(new Error(`timed out waiting for ${pattern}:\n${output}`))
        }, timeoutMs)
        const finish = () => {
          clearTimeout(timer)
          listeners.delete(check)
        }
        listeners.add(check)
        check()
      })
    },
  }
}

/** Stops a process with SIGTERM and waits for it, returning how it ended. */
export async function stopTandem(
  process: TandemProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (process.child.exitCode === null) process.child.kill('SIGTERM')
  return process.exited
}

import { cpus, totalmem } from 'node:os'

/** One line that says where the figures were measured. */
export function describeMachine(): string {
  const cpu = cpus()
  const memory = Math.round(totalmem() / 2 ** 30)
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${memory} GiB, Node.js ${process.version}`
}

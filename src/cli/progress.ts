export interface ProgressReporter {
  /** Reports `done` of `total` for a step; the last call of a step should have done === total. */
  update(step: string, done: number, total: number): void
  /** A finished line of output. */
  line(text: string): void
}

const format = (n: number) => n.toLocaleString('en-US')

/**
 * Progress for long work: a bar rewritten in place on a terminal, and a line per quarter
 * (plus the end) when the output is a file or a pipe, so logs stay readable.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const lastQuarter = new Map<string, number>()
  let openLine = false
  const endOpenLine = () => {
    if (openLine) stream.write('\n')
    openLine = false
  }
  return {
    update(step, done, total) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100)
      const text = `${step}: ${percent}% (${format(done)} / ${format(total)})`
      if (stream.isTTY) {
        const filled = Math.round(percent / 5)
        stream.write(`\r\x1b[2K  [${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${text}`)
        openLine = true
        if (done >= total) endOpenLine()
        return
      }
      const quarter = Math.floor(percent / 25)
      if (quarter !== lastQuarter.get(step) || done >= total) {
        lastQuarter.set(step, quarter)
        stream.write(`  ${text}\n`)
      }
    },
    line(text) {
      endOpenLine()
      stream.write(`${text}\n`)
    },
  }
}

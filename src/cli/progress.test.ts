import { describe, expect, it } from 'vitest'
import { createProgress } from './progress.ts'

const streamOf = (isTTY: boolean) => {
  const writes: string[] = []
  const stream = { isTTY, write: (text: string) => writes.push(text) }
  return { stream: stream as unknown as NodeJS.WriteStream, writes }
}

describe('progress', () => {
  it('draws a bar in place on a terminal and ends the line when done', () => {
    const { stream, writes } = streamOf(true)
    const progress = createProgress(stream)
    progress.update('rows', 250, 1_000)
    progress.update('rows', 1_000, 1_000)
    expect(writes).toEqual([
      '\r\x1b[2K  [#####...............] rows: 25% (250 / 1,000)',
      '\r\x1b[2K  [####################] rows: 100% (1,000 / 1,000)',
      '\n',
    ])
  })

  it('writes a line per quarter to a file or pipe', () => {
    const { stream, writes } = streamOf(false)
    const progress = createProgress(stream)
    for (let done = 0; done <= 1_000; done += 100) progress.update('rows', done, 1_000)
    expect(writes).toEqual(
      [
        '  rows: 0% (0 / 1,000)',
        '  rows: 30% (300 / 1,000)',
        '  rows: 50% (500 / 1,000)',
        '  rows: 80% (800 / 1,000)',
        '  rows: 100% (1,000 / 1,000)',
      ].map((line) => `${line}\n`),
    )
  })
})

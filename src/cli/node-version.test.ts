import { describe, expect, it } from 'vitest'
import { nodeVersionProblem } from './node-version.ts'

describe('nodeVersionProblem', () => {
  it('accepts 22.12 and newer', () => {
    for (const version of ['v22.12.0', 'v22.20.1', 'v24.0.0', 'v26.1.0']) {
      expect(nodeVersionProblem(version)).toBeUndefined()
    }
  })

  it('explains what to do on an older Node.js', () => {
    for (const version of ['v20.20.2', 'v22.11.0', 'v18.0.0']) {
      const problem = nodeVersionProblem(version)
      expect(problem).toContain(`this is ${version}`)
      expect(problem).toContain('22.12 or newer')
      expect(problem).toContain('npm start')
    }
  })

  it('runs on the Node.js the repository pins for its scripts', () => {
    expect(nodeVersionProblem(process.version)).toBeUndefined()
    expect(process.versions.node.split('.')[0]).toBe('24')
  })
})

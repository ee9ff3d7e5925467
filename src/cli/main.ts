#!/usr/bin/env node
// The entry point checks the runtime before loading anything that needs a current Node.js.
import { nodeVersionProblem } from './node-version.ts'

const problem = nodeVersionProblem(process.version)
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`)
  process.exit(1)
}
const { runCli } = await import('./program.ts')
await runCli(process.argv)

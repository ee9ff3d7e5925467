import { buildWeb } from '../../scripts/build-web.ts'

// The browser tests load the dashboard the server serves from dist/web: brought up to date first.
export default async function setup(): Promise<void> {
  await buildWeb({ ifStale: true })
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify from 'fastify'
import { afterAll, describe, expect, it } from 'vitest'
import { precompressAssets } from '../../scripts/build-web.ts'
import { registerErrorMapper } from './error-mapper.ts'
import { dashboardPage, registerWebAssets } from './web-app.ts'

const dirs: string[] = []
/** Long enough that compressing it pays. */
const SCRIPT = 'console.log("the dashboard script")\n'.repeat(200)
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

async function appServing(build: 'built' | 'missing') {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-web-'))
  dirs.push(dir)
  if (build === 'built') {
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tandem</title>')
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT)
    precompressAssets(join(dir, 'assets'))
  }
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>()
  registerErrorMapper(app, dashboardPage(dir))
  app.get('/v1/thing', async () => ({ ok: true }))
  await registerWebAssets(app, dir)
  return app
}

describe('the dashboard, served by the API server', () => {
  it("serves its page at / and at the dashboard's own addresses, never cached", async () => {
    const app = await appServing('built')
    for (const url of ['/', '/queue', '/login?next=%2Fqueue']) {
      const response = await app.inject({ url })
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toMatch(/^text\/html/)
      expect(response.headers['cache-control']).toBe('no-cache')
      expect(response.body).toContain('<title>Tandem</title>')
    }
  })

  it('serves its hashed assets for a year, and leaves the API its own answers and 404s', async () => {
    const app = await appServing('built')
    const asset = await app.inject({ url: '/assets/index-abc123.js' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['cache-control']).toMatch(/immutable/)
    expect((await app.inject({ url: '/v1/thing' })).json()).toEqual({ ok: true })
    for (const url of ['/v1/nothing', '/assets/gone.js', '/docs/x']) {
      const response = await app.inject({ url })
      expect(response.statusCode).toBe(404)
      expect(response.json().error.code).toBe('not_found')
    }
    expect((await app.inject({ method: 'POST', url: '/queue' })).statusCode).toBe(404)
  })

  it('sends the copy the build compressed, in the best encoding the browser accepts', async () => {
    const app = await appServing('built')
    const url = '/assets/index-abc123.js'
    const brotli = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(brotli.headers['content-encoding']).toBe('br')
    expect(brotli.headers['content-type']).toMatch(/javascript/)
    expect(brotli.rawPayload.length).toBeLessThan(SCRIPT.length / 10)
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(SCRIPT)
    const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT)
    const plain = await app.inject({ url, headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(SCRIPT)
    expect(plain.headers.vary).toMatch(/accept-encoding/i)
  })

  it('says how to build it when there is no build, and the API still answers', async () => {
    const app = await appServing('missing')
    const response = await app.inject({ url: '/' })
    expect(response.statusCode).toBe(503)
    expect(response.body).toContain('npm run build:web')
    expect((await app.inject({ url: '/v1/thing' })).statusCode).toBe(200)
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { gzippedScriptBytes, SCRIPT_BUDGET_BYTES, WEB_OUT } from '../../scripts/build-web.ts'

// The dashboard's size budget (issue #7): under 500 KB of JavaScript, gzipped, for the first load.
// A size, not a timing: the build this project's setup made is measured byte for byte.

describe('the dashboard build', () => {
  it('keeps its JavaScript under the budget, gzipped', () => {
    const bytes = gzippedScriptBytes()
    console.log(`dashboard JavaScript: ${(bytes / 1024).toFixed(1)} KB gzipped`)
    expect(bytes).toBeGreaterThan(0)
    expect(bytes).toBeLessThan(SCRIPT_BUDGET_BYTES)
  })

  it("ships React's production build, not the development one the tests' NODE_ENV would pick", () => {
    const assets = join(WEB_OUT, 'assets')
    for (const name of readdirSync(assets).filter((n) => n.endsWith('.js')))
      expect(readFileSync(join(assets, name), 'utf8')).not.toContain('jsxDEV')
  })

  it('loads only hashed assets from its page, which the server may cache for a year', () => {
    const page = readFileSync(join(WEB_OUT, 'index.html'), 'utf8')
    // Inline data (the icon) asks the server for nothing.
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1])
      .filter((asset) => !asset?.startsWith('data:'))
    expect(assets.length).toBeGreaterThan(0)
    for (const asset of assets) expect(asset).toMatch(/^\/assets\/[\w-]+-[\w-]{8}\.(js|css)$/)
  })

  it('has every script and style compressed beside itself, as the server sends them', () => {
    const assets = join(WEB_OUT, 'assets')
    const names = readdirSync(assets).filter((n) => /\.(js|css)$/.test(n))
    expect(names.length).toBeGreaterThan(1)
    for (const name of names) {
      const content = readFileSync(join(assets, name))
      expect(brotliDecompressSync(readFileSync(join(assets, `${name}.br`)))).toEqual(content)
      expect(gunzipSync(readFileSync(join(assets, `${name}.gz`)))).toEqual(content)
    }
  })
})

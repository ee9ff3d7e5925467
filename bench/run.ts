import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { migrateToLatest } from '../src/store/migrate.ts'
import { openStore, type Store } from '../src/store/open-store.ts'
import { benchGenerate, benchLoad } from './demo-load.ts'
import { benchHttp } from './http-throughput.ts'
import { describeMachine } from './machine.ts'

// npm run bench: figures are ratios against a baseline measured in the same run, on this machine.
// Set BENCH_DATABASE_URL to include a PostgreSQL server (its public schema is reset).

const size = (process.argv[2] ?? 'default') as 'small' | 'default' | 'large'
const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-'))
const stores: Store[] = [await openStore({ kind: 'pglite', dataDir: join(dataDir, 'db') })]
const postgresUrl = process.env.BENCH_DATABASE_URL
if (postgresUrl !== undefined) {
  const store = await openStore({ kind: 'postgres', url: postgresUrl })
  await sql`drop schema if exists public cascade`.execute(store.db)
  await sql`create schema public`.execute(store.db)
  stores.push(store)
}
for (const store of stores) await migrateToLatest(store.db)

console.log(`Tandem benchmarks on ${describeMachine()}\n`)

const generated = benchGenerate(size)
const loads = [generated]
for (const store of stores) loads.push(await benchLoad(store, size, 'bench-demo'))
console.log('Demo workspace (baseline: generating the rows in memory):\n')
console.log('| step | rows | seconds | rows/s | × baseline time |')
console.log('|---|---:|---:|---:|---:|')
for (const l of loads) {
  console.log(
    `| ${l.name} | ${l.rows.toLocaleString('en-US')} | ${l.seconds.toFixed(1)} | ${Math.round(l.rows / l.seconds).toLocaleString('en-US')} | ${(l.seconds / generated.seconds).toFixed(1)} |`,
  )
}

const http = await benchHttp(stores)
const baseline = http[0]?.requestsPerSecond ?? 1
console.log('\nHTTP, 10 connections for 5 s each (baseline: a bare node:http server):\n')
console.log('| endpoint | requests/s | × baseline | p99 ms | errors |')
console.log('|---|---:|---:|---:|---:|')
for (const h of http) {
  console.log(
    `| ${h.name} | ${Math.round(h.requestsPerSecond).toLocaleString('en-US')} | ${(h.requestsPerSecond / baseline).toFixed(2)} | ${h.p99Ms} | ${h.errors} |`,
  )
}

for (const store of stores) await store.close()
rmSync(dataDir, { recursive: true, force: true })

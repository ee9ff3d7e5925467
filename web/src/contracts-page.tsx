import type { SessionUser } from './types.ts'

/** Contracts. */
export function ContractsPage(_props: { readonly user: SessionUser }) {
  return <h1>Contracts</h1>
}

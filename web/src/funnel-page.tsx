/** Double funnel. */
export function FunnelPage() {
  return <h1>Double funnel</h1>
}

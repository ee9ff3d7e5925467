/** SLA and closed loop. */
export function SlaPage() {
  return <h1>SLA and closed loop</h1>
}

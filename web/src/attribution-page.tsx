/** Attribution. */
export function AttributionPage() {
  return <h1>Attribution</h1>
}

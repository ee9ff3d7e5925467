/** One account. */
export function AccountPage(props: { readonly id: string }) {
  return <h1>Account {props.id}</h1>
}

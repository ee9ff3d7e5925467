// biome-ignore lint/suspicious/noExplicitAny: JSON answers, which the tests check field by field
export type Answer = any

/** One request to the running server with an API key, JSON in and out. */
export async function callApi(
  baseUrl: string,
  path: string,
  key: string,
  init: { readonly method?: string; readonly body?: unknown } = {},
): Promise<{ status: number; body: Answer }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${key}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
  return { status: response.status, body: await response.json() }
}

// Calls to the Tandem API from the page: same origin, the session cookie, JSON both ways. Every
// failure becomes a message a person can act on, taken from the API's error when it sent one.

export type ApiResult<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly status: number; readonly message: string }

const UNREACHABLE = 'The server could not be reached. Check that Tandem is running, then try again.'

export async function api<T>(
  path: string,
  init: { readonly method?: string; readonly body?: unknown } = {},
): Promise<ApiResult<T>> {
  let response: Response
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    })
  } catch {
    return { ok: false, status: 0, message: UNREACHABLE }
  }
  const text = await response.text().catch(() => '')
  let json: unknown
  try {
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  if (response.ok) return { ok: true, data: json as T }
  const message = (json as { error?: { message?: string } } | undefined)?.error?.message
  return {
    ok: false,
    status: response.status,
    message: message ?? `The server answered ${response.status} ${response.statusText}.`,
  }
}

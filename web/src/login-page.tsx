import { type FormEvent, useState } from 'react'
import { api } from './api.ts'
import type { SessionUser } from './types.ts'

/** Logging in with the workspace, email and password (an admin sets it: tandem user password). */
export function LoginPage(props: {
  readonly notice: string | undefined
  readonly onLoggedIn: (user: SessionUser) => void
}) {
  const [workspace, setWorkspace] = useState(
    () => new URLSearchParams(window.location.search).get('workspace') ?? 'demo',
  )
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    const result = await api<{ user: SessionUser }>('/v1/session', {
      method: 'POST',
      body: { workspace: workspace.trim(), email: email.trim(), password },
    })
    setBusy(false)
    if (result.ok) props.onLoggedIn(result.data.user)
    else setError(result.message)
  }

  return (
    <main id="main" className="login">
      <h1>Log in to Tandem</h1>
      {props.notice && (
        <p className="notice" role="status">
          {props.notice}
        </p>
      )}
      <form onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
        <label>
          Workspace
          <input
            name="workspace"
            value={workspace}
            onChange={(e) => setWorkspace(e.target.value)}
            required
            autoComplete="organization"
          />
        </label>
        <label>
          Email
          <input
            name="email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoComplete="username"
            // biome-ignore lint/a11y/noAutofocus: the one thing to do on this page
            autoFocus
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete="current-password"
          />
        </label>
        {error && (
          <p id="login-error" className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  )
}

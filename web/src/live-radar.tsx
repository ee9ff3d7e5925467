import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react'
import { api } from './api.ts'
import type { Radar } from './types.ts'

// The radar, read once and then kept current by the server's event stream (GET
// /v1/radar/stream), shared by every view so the page holds one stream.

export type Connection = 'connecting' | 'live' | 'reconnecting'

export interface LiveRadar {
  /** The latest radar, and when the page received it (to count deadlines on the server's clock). */
  readonly radar: Radar | undefined
  readonly receivedAt: number
  /** Why the radar could not be read, if it could not. */
  readonly error: string | undefined
  readonly connection: Connection
  /** Reads the radar now (after an answer, or when retrying after an error). */
  readonly refresh: () => Promise<void>
}

const LiveRadarContext = createContext<LiveRadar | undefined>(undefined)

/** How long the page waits before opening a stream again once the server closed it. */
const REOPEN_MS = 5_000

export function LiveRadarProvider(props: {
  readonly children: ReactNode
  /** Called when the server says the session is over. */
  readonly onSessionEnded: () => void
}) {
  const { onSessionEnded } = props
  const [state, setState] = useState<{ radar: Radar | undefined; receivedAt: number }>({
    radar: undefined,
    receivedAt: 0,
  })
  const [error, setError] = useState<string | undefined>()
  const [connection, setConnection] = useState<Connection>('connecting')

  const receive = useCallback((radar: Radar) => {
    setState({ radar, receivedAt: Date.now() })
    setError(undefined)
  }, [])

  const refresh = useCallback(async () => {
    const result = await api<Radar>('/v1/radar')
    if (result.ok) return receive(result.data)
    if (result.status === 401) return onSessionEnded()
    setError(result.message)
  }, [receive, onSessionEnded])

  useEffect(() => {
    let source: EventSource | undefined
    let reopen: number | undefined
    let stopped = false
    let refusedAtOnce = true
    // The stream sends the radar as soon as it opens, so the page reads it from there alone: one
    // read of the radar per page load, not a read and then a stream that reads it again.
    const open = () => {
      source = new EventSource('/v1/radar/stream')
      source.addEventListener('radar', (event) => {
        refusedAtOnce = false
        setConnection('live')
        receive(JSON.parse((event as MessageEvent<string>).data) as Radar)
      })
      source.addEventListener('error', () => {
        setConnection('reconnecting')
        // The browser retries a dropped stream itself; one the server refused (or closed for
        // good) is closed, and is opened again after a pause, once the session is checked. A
        // stream refused at the very start is checked at once, so a person whose session ended
        // is sent to log in without waiting.
        if (source?.readyState !== EventSource.CLOSED || stopped) return
        const pause = refusedAtOnce ? 0 : REOPEN_MS
        refusedAtOnce = false
        reopen = window.setTimeout(() => {
          void refresh().then(() => {
            if (!stopped) open()
          })
        }, pause)
      })
    }
    open()
    return () => {
      stopped = true
      window.clearTimeout(reopen)
      source?.close()
    }
  }, [refresh, receive])

  const value = useMemo(
    () => ({ ...state, error, connection, refresh }),
    [state, error, connection, refresh],
  )
  return <LiveRadarContext.Provider value={value}>{props.children}</LiveRadarContext.Provider>
}

export function useLiveRadar(): LiveRadar {
  const value = useContext(LiveRadarContext)
  if (value === undefined) throw new Error('useLiveRadar needs a LiveRadarProvider above it')
  return value
}

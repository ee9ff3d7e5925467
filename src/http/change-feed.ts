// Tells live streams (server-sent events) when a workspace's data changed, by reading a cheap
// fingerprint of it every few seconds while anyone watches. Polling the database, rather than
// hearing of changes inside this process, also sees what other processes write: the event
// processor, the SLA sweep, a CLI command, a second server on the same database.

export interface Watcher {
  /** The fingerprint the watcher's last push was read under. */
  seen: string
  /** Called with the new fingerprint when it differs from `seen`; sets `seen` itself. */
  readonly onChange: (fingerprint: string) => Promise<void>
  /** Ends the watcher's stream (the server is closing). */
  readonly end: () => void
}

export interface ChangeFeed {
  /** Watches a workspace until the returned function is called. */
  watch(workspaceId: string, watcher: Watcher): () => void
  /** Reads every watched workspace's fingerprint once now (the timer does it every interval). */
  poll(): Promise<void>
  /** Stops polling and ends every watcher's stream. */
  stop(): void
}

export function createChangeFeed(options: {
  readonly fingerprint: (workspaceId: string) => Promise<string>
  readonly intervalMs: number
  readonly onError: (error: unknown) => void
}): ChangeFeed {
  const watchers = new Map<string, Set<Watcher>>()
  let timer: NodeJS.Timeout | undefined
  let polling: Promise<void> | undefined

  const pollOnce = async () => {
    for (const [workspaceId, set] of watchers) {
      try {
        const fingerprint = await options.fingerprint(workspaceId)
        for (const watcher of set)
          if (watcher.seen !== fingerprint) await watcher.onChange(fingerprint)
      } catch (error) {
        options.onError(error)
      }
    }
  }
  // One poll at a time: a slow database must not pile polls up.
  const poll = () => {
    polling ??= pollOnce().finally(() => {
      polling = undefined
    })
    return polling
  }

  return {
    watch(workspaceId, watcher) {
      const set = watchers.get(workspaceId) ?? new Set()
      set.add(watcher)
      watchers.set(workspaceId, set)
      timer ??= setInterval(() => void poll(), options.intervalMs)
      return () => {
        set.delete(watcher)
        if (set.size === 0) watchers.delete(workspaceId)
        if (watchers.size === 0 && timer !== undefined) {
          clearInterval(timer)
          timer = undefined
        }
      }
    },
    poll,
    stop() {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
      for (const set of watchers.values()) for (const watcher of set) watcher.end()
      watchers.clear()
    },
  }
}

import { acrossWorkspaces } from '../store/workspace-isolation.ts'

/** Long jobs the server runs one after another, in the background of its process. */
export interface SerialQueue<T> {
  /** Resolves once the start-up step is done; enqueue new work after it. */
  ready(): Promise<void>
  enqueue(item: T): void
  /** Resolves when the start-up step and every queued item are done. */
  drain(): Promise<void>
  /** Lets the item in progress stop at its next check, and waits for it. */
  stop(): Promise<void>
}

export interface SerialQueueOptions<T> {
  /** Runs first: clean-up after a crash, and the items found unfinished, to resume. */
  readonly startUp: () => Promise<readonly T[]>
  /** Does one item; `shouldStop` turns true when the server is stopping. Must not throw. */
  readonly work: (item: T, shouldStop: () => boolean) => Promise<void>
}

export function startSerialQueue<T>(options: SerialQueueOptions<T>): SerialQueue<T> {
  const queue: T[] = []
  let stopped = false
  const shouldStop = () => stopped
  const ready = options.startUp().then((items) => {
    queue.push(...items)
  })
  let running: Promise<void> = ready

  // A request enqueues, but the queue serves every workspace: its work must not run isolated to
  // the enqueuing request's workspace.
  const pump = () =>
    acrossWorkspaces(() => {
      running = running.then(async () => {
        while (!stopped && queue.length > 0) {
          const next = queue.shift() as T
          await options.work(next, shouldStop)
        }
      })
    })
  pump()

  return {
    ready: () => ready,
    enqueue(item) {
      queue.push(item)
      pump()
    },
    async drain() {
      for (;;) {
        const current = running
        await current
        if (current === running && queue.length === 0) return
      }
    },
    async stop() {
      stopped = true
      await running
    },
  }
}

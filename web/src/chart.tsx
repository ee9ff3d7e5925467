import type { EChartsCoreOption } from 'echarts/core'
import { type ReactNode, useEffect, useRef, useState } from 'react'

// A chart drawn by ECharts (loaded on first use), with what a screen reader or a keyboard needs:
// a name, and the same figures as a table beside it (`children`), which a person can also open.

/** The series colours: distinguishable in colour-blind palettes and on white. */
export const CHART_COLOURS = ['#1f5fad', '#c2571a', '#2e7d4f', '#7b4bb5', '#8a6d00', '#a12f5a']

let loading: Promise<typeof import('./echarts.ts')> | undefined
const loadECharts = () => {
  loading ??= import('./echarts.ts')
  return loading
}

/**
 * Loads ECharts now: a page opened on a view that charts its figures fetches the library while
 * it reads them, instead of only once they have arrived.
 */
export function loadCharts(): void {
  void loadECharts().catch(() => undefined)
}

/**
 * Loads ECharts once the page is idle, so a view that charts its figures draws them as soon as
 * they arrive instead of fetching the library only then.
 */
export function preloadCharts(): void {
  if ('requestIdleCallback' in window) window.requestIdleCallback(loadCharts, { timeout: 2_000 })
  else setTimeout(loadCharts, 200)
}

export function Chart(props: {
  /** What the chart shows, read out in place of the drawing. */
  readonly label: string
  readonly option: EChartsCoreOption
  readonly height?: number
  /** The chart's figures as a table, shown on request. */
  readonly children?: ReactNode
}) {
  const box = useRef<HTMLDivElement>(null)
  const [failure, setFailure] = useState<string | undefined>(undefined)
  const chart = useRef<import('echarts/core').ECharts | undefined>(undefined)

  useEffect(() => {
    let disposed = false
    let observer: ResizeObserver | undefined
    loadECharts()
      .then(({ echarts }) => {
        if (disposed || box.current === null) return
        chart.current = echarts.init(box.current, undefined, { renderer: 'svg' })
        observer = new ResizeObserver(() => chart.current?.resize())
        observer.observe(box.current)
      })
      .catch(() => setFailure('The chart could not be loaded: the table below has its figures.'))
    return () => {
      disposed = true
      observer?.disconnect()
      chart.current?.dispose()
      chart.current = undefined
    }
  }, [])

  useEffect(() => {
    const option = {
      color: CHART_COLOURS,
      aria: { enabled: true, label: { description: props.label } },
      animationDuration: 300,
      // ECharts measures text on a canvas, where `inherit` means nothing: it is given the page's
      // own font, so what it measures is what it draws and labels never run into each other.
      textStyle: { fontFamily: box.current ? getComputedStyle(box.current).fontFamily : undefined },
      ...props.option,
    }
    if (chart.current !== undefined) chart.current.setOption(option, true)
    else void loadECharts().then(() => chart.current?.setOption(option, true))
  }, [props.option, props.label])

  return (
    <figure className="chart">
      {failure === undefined ? (
        <div
          ref={box}
          role="img"
          aria-label={props.label}
          style={{ height: props.height ?? 280 }}
        />
      ) : (
        <p className="state state-error">{failure}</p>
      )}
      {props.children !== undefined && (
        <details className="chart-table" open={failure !== undefined}>
          <summary>Show the figures as a table</summary>
          {props.children}
        </details>
      )}
    </figure>
  )
}

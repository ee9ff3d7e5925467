// The font the report charts write in. ECharts measures legend and label text on a canvas,
// where a font family of `inherit` means nothing and falls back to a narrower default: the
// words drawn then overlap. Naming the page's own font keeps what is measured and drawn alike.

export const CHART_TEXT_STYLE = {
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
}

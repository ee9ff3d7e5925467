import { type ReactNode, useEffect, useRef } from 'react'

// The rows behind a figure, over the view: a modal dialog that Escape or its button closes, and
// that gives the focus back to the figure it was opened from, so a keyboard user keeps their place.

export function RowsDialog(props: {
  readonly title: string
  readonly onClose: () => void
  readonly children: ReactNode
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  const { onClose } = props

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const element = dialog.current
    element?.showModal()
    return () => {
      element?.close()
      opener?.focus()
    }
  }, [])

  return (
    <dialog
      ref={dialog}
      className="rows-dialog"
      aria-labelledby="rows-dialog-title"
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      <header className="rows-dialog-header">
        <h2 id="rows-dialog-title">{props.title}</h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="rows-dialog-body">{props.children}</div>
    </dialog>
  )
}

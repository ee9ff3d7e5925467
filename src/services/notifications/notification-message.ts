// What every delivery channel sends. Storing notifications and deciding when to send them is
// done elsewhere; a channel only delivers one message and throws when it could not.

/** One notification to one person, ready to deliver on any channel. */
export interface NotificationMessage {
  /** Uuid of the stored notification; the Message-ID and idempotency key of every delivery. */
  readonly id: string
  /** What happened, such as 'handoff', 'sla_reminder' or 'sla_breach'. */
  readonly kind: string
  readonly recipient: { readonly name: string; readonly email: string }
  readonly subject: string
  /** Plain text body. */
  readonly text: string
  /** Absolute URL that opens the lead or account in Tandem, when known. */
  readonly link?: string
  /** Where the channel reports what the reader did, when Tandem knows its public URL. */
  readonly tracking?: MessageTracking
}

/** Tandem's tracking URLs of one message: opens, clicks and acknowledgements. */
export interface MessageTracking {
  /** A 1×1 image that records an open when a mail client loads it. */
  readonly pixelUrl: string
  /** Records a click, then redirects to `link`; present when there is a link. */
  readonly clickUrl?: string
  /** GET or POST records that a webhook receiver (or its reader) acknowledged the message. */
  readonly ackUrl: string
}

/** A way to deliver notifications. */
export interface NotificationChannel {
  readonly name: 'email' | 'webhook'
  /** Delivers one message; rejects when it was not accepted, so that the caller retries. */
  send(message: NotificationMessage): Promise<void>
  close(): Promise<void>
}

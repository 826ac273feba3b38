/**
 * The shape of `window.api` as the preload exposes it: one function per contract method (keyed by
 * the channel name) and `on` for the contract's events. Nothing else crosses the bridge.
 */
import type { Channel, Envelope, EventName } from '../shared/contract/contract'

export type PreloadMethods = {
  readonly [C in Channel]: (input: unknown) => Promise<Envelope<unknown>>
}

export interface PreloadApi extends PreloadMethods {
  /** Subscribes to a contract event; returns the unsubscribe function. */
  readonly on: (event: EventName, listener: (payload: unknown) => void) => () => void
}

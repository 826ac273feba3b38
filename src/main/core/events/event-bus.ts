/** Typed fan-out of the contract's events from the core to whichever shell is attached. */
import type { EventName, EventPayload } from '../../../shared/contract/contract'

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void

export class EventBus {
  private readonly listeners = new Set<EventListener>()

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload)
      } catch {
        // A broken subscriber (a closed window, a dropped SSE stream) must not stop the others.
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

/** Messages between a shell's thread and the core running in a worker thread. */
import type { Envelope, EventName } from '../../../shared/contract/contract'
import type { CoreOptions } from '../core-options'
import type { LogLevel } from '../logger'

/** The serializable part of CoreOptions, plus the token the shell decrypted for the core. */
export type WorkerCoreOptions = Omit<CoreOptions, 'secrets' | 'logger'> & {
  token: string | null
  logLevel: LogLevel
}

export type ToWorker =
  { type: 'call'; id: number; channel: string; input: unknown } | { type: 'close' }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; envelope: Envelope<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }
  /** The core changed the token: the shell stores it (encrypted, in the desktop app). */
  | { type: 'secret'; token: string | null }
  /** A log line, already redacted: the shell writes it where its own lines go (the log file). */
  | { type: 'log'; level: LogLevel; line: string }
  | { type: 'closed' }

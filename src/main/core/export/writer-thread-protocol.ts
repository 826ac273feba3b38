/** Messages between an export and the thread that writes its file (writer-thread.ts). */
import type { ExportFormat } from '../../../shared/contract/export-contract'
import type { Cell } from './export-cells'

/** What the thread opens: the file (its `.part`), the header row and the XLSX sheet's name. */
export interface WriterThreadInit {
  format: ExportFormat
  path: string
  header: string[]
  sheetName: string
}

export type ToWriterThread =
  | { type: 'rows'; rows: Cell[][] }
  | { type: 'finish' }
  /** Stop at once and close the file (the caller removes it). */
  | { type: 'abort' }

/** The thread's own memory at its peak, sampled while it wrote (the bench reports it). */
export interface WriterThreadMemory {
  heapUsed: number
  external: number
}

export type FromWriterThread =
  | { type: 'ready' }
  /** One batch of rows is in the file's stream: the export may send another. */
  | { type: 'written' }
  | { type: 'finished'; peak: WriterThreadMemory }
  | { type: 'aborted' }
  | { type: 'failed'; message: string }

/**
 * The desktop's side of an export: the agent picks where to save in the system's save dialog
 * before anything is written; the core then writes the file into its private export folder, and
 * only a complete file is moved to the chosen place (a cancelled or failed export leaves nothing
 * there). Takes the dialog as a function so tests can drive it without Electron.
 */
import { copyFile, rename, rm } from 'node:fs/promises'
import type { Envelope, Settings } from '../shared/contract/contract'
import {
  exportFileName,
  exportRequestSchema,
  type ExportFormat,
  type ExportResult,
} from '../shared/contract/export-contract'
import { serverNow } from '../shared/domain/server-time'
import { spoolPath, type CoreEndpoint } from './core'

/** Asks where to save (the default name given); null when the agent cancels. */
export type AskSavePath = (defaultName: string, format: ExportFormat) => Promise<string | null>

/** Moves a file, copying when the chosen place is on another disk (rename cannot cross). */
async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to)
  } catch (error) {
    if ((error as { code?: string }).code !== 'EXDEV') throw error
    await copyFile(from, to)
    await rm(from, { force: true })
  }
}

export function createExportSaveHandler(options: {
  core: Pick<CoreEndpoint, 'call'>
  exportDir: string
  askSavePath: AskSavePath
}): (input: unknown) => Promise<Envelope<unknown>> {
  return async (input) => {
    const parsed = exportRequestSchema.safeParse(input)
    // The core answers a bad request with its own clear error.
    if (!parsed.success) return options.core.call('export:start', input)
    const request = parsed.data
    const settings = await options.core.call('settings:get', {})
    const zone = settings.ok ? (settings.value as Settings).serverTimeZone : undefined
    const fileName = exportFileName(request.format, serverNow(zone))
    const target = await options.askSavePath(fileName, request.format)
    if (!target) {
      const value: ExportResult = { id: request.id, state: 'cancelled', rows: 0, fileName }
      return { ok: true, value }
    }
    const answer = await options.core.call('export:start', request)
    if (!answer.ok) return answer
    const result = answer.value as ExportResult
    if (result.state !== 'done') return answer
    const written = spoolPath(options.exportDir, request.id, request.format)
    if (!written) return { ok: false, error: { code: 'internal', message: 'Bad export id' } }
    await move(written, target)
    const value: ExportResult = { ...result, fileName, savedTo: target }
    return { ok: true, value }
  }
}

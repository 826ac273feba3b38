/**
 * Where the core writes an export the screens asked for: a private folder beside the cache (the
 * files hold personal data, as the cache does). The shell then hands the file on: the desktop
 * shell moves it where the agent chose in the save dialog, the browser host streams it as a
 * download and deletes it. The screens never name a path: a file name is the export's id.
 */
import { readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { ExportFormat } from '../../../shared/contract/export-contract'
import { exportIdSchema } from '../../../shared/contract/export-contract'
import { privateDir } from '../db/file-modes'

/** An export not fetched within this long (the tab closed, the app crashed) is deleted. */
export const SPOOL_MAX_AGE_MS = 60 * 60 * 1000

/** The folder of exports for the cache at `cachePath`. */
export function exportDirFor(cachePath: string): string {
  return cachePath === ':memory:'
    ? join(tmpdir(), 'agent-console-exports')
    : join(dirname(cachePath), 'exports')
}

/** The export's file, or null when `id` is not an export id (never a path from outside). */
export function spoolPath(dir: string, id: string, format: ExportFormat): string | null {
  return exportIdSchema.safeParse(id).success ? join(dir, `${id}.${format}`) : null
}

/** Makes the folder (the owner's alone) and deletes exports left longer than SPOOL_MAX_AGE_MS. */
export async function prepareSpool(dir: string, now = Date.now()): Promise<void> {
  privateDir(dir)
  for (const name of await readdir(dir)) {
    const file = join(dir, name)
    const info = await stat(file).catch(() => null)
    if (info?.isFile() && now - info.mtimeMs > SPOOL_MAX_AGE_MS) await rm(file, { force: true })
  }
}

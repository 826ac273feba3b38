/** Serves the built renderer from one folder, refusing any path that escapes it. */
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

export interface StaticFile {
  body: Buffer
  type: string
}

/** The file for a URL path, or null. `/` and unknown extension-less paths give index.html. */
export async function readStatic(rootDir: string, urlPath: string): Promise<StaticFile | null> {
  let path: string
  try {
    path = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  } catch {
    return null
  }
  if (path === '/' || !extname(path)) path = '/index.html'
  const full = normalize(join(rootDir, path))
  if (!full.startsWith(normalize(rootDir) + sep)) return null
  try {
    return { body: await readFile(full), type: TYPES[extname(full)] ?? 'application/octet-stream' }
  } catch {
    return null
  }
}

// Makes the app icons from resources/icon.svg: PNGs (Linux, and the sizes inside the others),
// icon.ico (Windows: PNG-compressed entries, which Windows Vista and later read) and icon.icns
// (macOS: PNG entries). resvg renders the SVG (a registry package with its binary inside); the
// ICO and ICNS containers are simple enough to write here. Run: npm run icons
import { Resvg } from '@resvg/resvg-js'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const resources = join(root, 'resources')

/** PNG bytes of the SVG at `size` x `size`. */
export function renderPng(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng()
}

/** An ICO file holding the given PNGs (each at most 256 px). */
export function icoFromPngs(entries) {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2) // 1 = icon
  header.writeUInt16LE(entries.length, 4)
  const directory = Buffer.alloc(16 * entries.length)
  let offset = header.length + directory.length
  entries.forEach(({ size, png }, i) => {
    const at = i * 16
    directory.writeUInt8(size >= 256 ? 0 : size, at) // 0 means 256
    directory.writeUInt8(size >= 256 ? 0 : size, at + 1)
    directory.writeUInt8(0, at + 2) // no palette
    directory.writeUInt8(0, at + 3)
    directory.writeUInt16LE(1, at + 4) // colour planes
    directory.writeUInt16LE(32, at + 6) // bits per pixel
    directory.writeUInt32LE(png.length, at + 8)
    directory.writeUInt32LE(offset, at + 12)
    offset += png.length
  })
  return Buffer.concat([header, directory, ...entries.map((e) => e.png)])
}

/** ICNS types that hold a PNG of a given pixel size. */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
]

/** An ICNS file holding one PNG per type. */
export function icnsFromPngs(entries) {
  const chunks = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const body = Buffer.concat(chunks)
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(body.length + 8, 4)
  return Buffer.concat([head, body])
}

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]

function main() {
  const svg = readFileSync(join(resources, 'icon.svg'))
  const pngs = new Map(PNG_SIZES.map((size) => [size, renderPng(svg, size)]))
  mkdirSync(join(resources, 'icons'), { recursive: true })
  for (const [size, png] of pngs)
    writeFileSync(join(resources, 'icons', `${size}x${size}.png`), png)
  writeFileSync(join(resources, 'icon.png'), pngs.get(1024))
  writeFileSync(
    join(resources, 'icon.ico'),
    icoFromPngs(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))),
  )
  writeFileSync(
    join(resources, 'icon.icns'),
    icnsFromPngs(ICNS_TYPES.map(([type, size]) => ({ type, png: pngs.get(size) }))),
  )
  console.log(`icons written to ${resources}`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()

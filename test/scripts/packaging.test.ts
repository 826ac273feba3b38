// Packaging checks that run without Electron's binary: electron-builder's schema over our
// configuration (and a bad one failing), the fuses the afterPack hook flips (on a stand-in
// binary carrying Electron's fuse wire), and the generated icons.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
import {
  appRequirements,
  BUNDLES,
  validateWithElectronBuilder,
} from '../../scripts/check-builder-config'
import { electronBinaryPath, flipPackagedFuses, FUSES } from '../../scripts/packaging/fuses.mjs'
import { ICNS_TYPES, ICO_SIZES } from '../../scripts/packaging/make-icons.mjs'

const ROOT = resolve(import.meta.dirname, '../..')
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

function runCheck(args: string[]): { code: number; out: string } {
  try {
    const out = execFileSync('npx', ['tsx', 'scripts/check-builder-config.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: 'pipe',
    })
    return { code: 0, out }
  } catch (error) {
    const e = error as { status: number; stderr: string; stdout: string }
    return { code: e.status, out: e.stderr + e.stdout }
  }
}

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema and what the app needs of it', async () => {
    const config = await validateWithElectronBuilder(ROOT, join(ROOT, 'electron-builder.yml'))
    expect(config).toMatchObject({ appId: expect.any(String), productName: 'Agent Console' })
    expect(appRequirements(config, ROOT, false)).toEqual([])
  })

  it('fails the CI step on a deliberately bad configuration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'builder-config-'))
    const bad = join(dir, 'bad.yml')
    writeFileSync(
      bad,
      readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8') + '\nwin:\n  notAnOption: true\n',
    )
    const result = runCheck(['--config', bad, '--skip-bundles'])
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/invalid/)
    const noUnpack = join(dir, 'no-unpack.yml')
    writeFileSync(
      noUnpack,
      readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8').replace(
        /asarUnpack:\n(  - .*\n)+/,
        'asarUnpack: []\n',
      ),
    )
    const missing = runCheck(['--config', noUnpack, '--skip-bundles'])
    expect(missing.code).toBe(1)
    expect(missing.out).toMatch(/better-sqlite3/)
  })

  it('fails when a desktop bundle loads ws, which the package leaves out', async () => {
    const config = await validateWithElectronBuilder(ROOT, join(ROOT, 'electron-builder.yml'))
    expect(JSON.stringify(config.files)).toContain('!node_modules/ws/**')
    const root = mkdtempSync(join(tmpdir(), 'builder-bundles-'))
    for (const bundle of BUNDLES) {
      mkdirSync(dirname(join(root, bundle)), { recursive: true })
      writeFileSync(
        join(root, bundle),
        bundle.endsWith('index.js') ? 'const ws = require("ws")' : '',
      )
    }
    const problems = appRequirements(config, root, true)
    expect(problems).toContain('out/main/index.js loads ws, which files: leaves out of the package')
    expect(problems.filter((p) => p.includes('ws,'))).toHaveLength(1)
  })
})

describe('fuses', () => {
  it('turns off run-as-node, NODE_OPTIONS and inspect; turns on cookie encryption, asar integrity and asar-only', () => {
    expect(FUSES).toMatchObject({
      strictlyRequireAllFuses: true,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    })
  })

  it('the afterPack hook flips them in the packaged binary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuses-'))
    const wireLength = Object.keys(FuseV1Options).length / 2
    // A stand-in for the Electron binary: padding, the fuse sentinel, version 1, the wire.
    const fake = Buffer.concat([
      Buffer.alloc(4096, 7),
      Buffer.from(SENTINEL),
      Buffer.from([1, wireLength]),
      Buffer.alloc(wireLength, FuseState.ENABLE),
      Buffer.alloc(4096, 7),
    ])
    const context = {
      appOutDir: dir,
      electronPlatformName: 'linux',
      arch: 1,
      packager: { appInfo: { productFilename: 'Agent Console' }, executableName: 'agent-console' },
    }
    writeFileSync(electronBinaryPath(context), fake)
    await flipPackagedFuses(context)
    const wire = await getCurrentFuseWire(join(dir, 'agent-console'))
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE)
    expect(electronBinaryPath({ ...context, electronPlatformName: 'win32' })).toMatch(
      /Agent Console\.exe$/,
    )
  })
})

describe('icons', () => {
  it('has the SVG source and the PNG, ICO and ICNS made from it', () => {
    const res = join(ROOT, 'resources')
    expect(readFileSync(join(res, 'icon.svg'), 'utf8')).toContain('<svg')
    const png = readFileSync(join(res, 'icon.png'))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(1024)
    const ico = readFileSync(join(res, 'icon.ico'))
    expect(ico.readUInt16LE(2)).toBe(1)
    expect(ico.readUInt16LE(4)).toBe(ICO_SIZES.length)
    const icns = readFileSync(join(res, 'icon.icns'))
    expect(icns.subarray(0, 4).toString()).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const types: string[] = []
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.push(icns.subarray(at, at + 4).toString())
    expect(types).toEqual(ICNS_TYPES.map(([type]) => type))
  })

  it('are what the script makes from the SVG today', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icons-'))
    cpSync(join(ROOT, 'scripts'), join(dir, 'scripts'), { recursive: true })
    cpSync(join(ROOT, 'resources/icon.svg'), join(dir, 'resources/icon.svg'))
    cpSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) =>
        src.includes('resvg') || src.endsWith('node_modules') || src.endsWith('@resvg'),
    })
    execFileSync(process.execPath, [join(dir, 'scripts/packaging/make-icons.mjs')])
    for (const file of ['icon.png', 'icon.ico', 'icon.icns'])
      expect(
        readFileSync(join(dir, 'resources', file)).equals(
          readFileSync(join(ROOT, 'resources', file)),
        ),
        file,
      ).toBe(true)
  })
})

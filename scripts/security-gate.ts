/**
 * CI security gate: @doyensec/electronegativity over the built output (out/) and the sources
 * (src/), plus our own patterns for what it misses (it does not read .vue files, and it missed
 * `nodeIntegration: true` beside an explicit `sandbox: false`). Electronegativity exits 0 even
 * with findings, so this script reads its SARIF and fails on any finding that is not in
 * security/electronegativity-allowlist.json, where every entry must give its reason.
 *
 *   tsx scripts/security-gate.ts [--input DIR ...] [--allowlist FILE] [--sarif-dir DIR]
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const require = createRequire(import.meta.url)
const ROOT = resolve(new URL('..', import.meta.url).pathname)

export interface Finding {
  check: string
  /** Path relative to the project (or to the scanned folder's parent). */
  file: string
  line: number
  message: string
  /** The finding's line, white space folded ('' for a check about a whole folder): its place. */
  snippet?: string
}

/**
 * One accepted finding, by its exact place: the check, the file and the text of the line it is
 * on (not its number, which moves with every edit above it). An entry covers one finding, so a
 * second, new occurrence in the same file (another `shell.openExternal`) is refused until
 * someone accepts it with its own reason.
 */
export interface AllowEntry {
  check: string
  file: string
  snippet?: string
  reason: string
}

/** The longest snippet kept: a bundled file's line can be long; its start names the place. */
const SNIPPET_CHARS = 200

/** A line as the allow-list names it: white space folded, at most SNIPPET_CHARS. */
export function snippetOf(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_CHARS)
}

/** Each finding with the text of its line read from the file (none for whole-folder checks). */
export function withSnippets(findings: Finding[], projectRoot: string): Finding[] {
  const lines = new Map<string, string[]>()
  return findings.map((f) => {
    if (f.line <= 0) return { ...f, snippet: '' }
    let text = lines.get(f.file)
    if (!text) {
      try {
        text = readFileSync(join(projectRoot, f.file), 'utf8').split('\n')
      } catch {
        text = []
      }
      lines.set(f.file, text)
    }
    return { ...f, snippet: snippetOf(text[f.line - 1] ?? '') }
  })
}

interface Sarif {
  runs?: Array<{
    results?: Array<{
      ruleId?: string
      message?: { text?: string }
      locations?: Array<{
        physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } }
      }>
    }>
  }>
}

/** The findings of one SARIF file; `prefix` is the scanned folder, relative to the project. */
export function findingsFromSarif(sarif: Sarif, prefix: string): Finding[] {
  const findings: Finding[] = []
  for (const run of sarif.runs ?? []) {
    for (const result of run.results ?? []) {
      const location = result.locations?.[0]?.physicalLocation
      const uri = location?.artifactLocation?.uri ?? '?'
      findings.push({
        check: result.ruleId ?? 'UNKNOWN',
        // Global checks name no file ("file:///"): they are about the scanned folder as a whole.
        file: (uri.startsWith('file:') ? prefix : join(prefix, uri)).replaceAll('\\', '/'),
        line: location?.region?.startLine ?? 0,
        message: (result.message?.text ?? '').split('\n')[0] ?? '',
      })
    }
  }
  return findings
}

/** Settings that must never appear, in any file type (.vue included). */
const PATTERNS: Array<{ check: string; pattern: RegExp; extensions: string[] }> = [
  {
    check: 'AC_NODE_INTEGRATION',
    pattern: /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/,
    extensions: ['.ts', '.js', '.mjs', '.cjs', '.vue'],
  },
  {
    check: 'AC_CONTEXT_ISOLATION_OFF',
    pattern: /contextIsolation\s*:\s*false/,
    extensions: ['.ts', '.js', '.mjs', '.cjs', '.vue'],
  },
  {
    check: 'AC_SANDBOX_OFF',
    pattern: /sandbox\s*:\s*false/,
    extensions: ['.ts', '.js', '.mjs', '.cjs', '.vue'],
  },
  {
    check: 'AC_WEB_SECURITY_OFF',
    pattern: /webSecurity\s*:\s*false/,
    extensions: ['.ts', '.js', '.mjs', '.cjs', '.vue'],
  },
  {
    check: 'AC_INSECURE_CONTENT',
    pattern: /allowRunningInsecureContent\s*:\s*true/,
    extensions: ['.ts', '.js', '.mjs', '.cjs', '.vue'],
  },
  { check: 'AC_V_HTML', pattern: /\bv-html\s*=/, extensions: ['.vue'] },
  { check: 'AC_INNER_HTML', pattern: /\.innerHTML\s*=/, extensions: ['.ts', '.vue'] },
]

function walk(dir: string): string[] {
  const files: string[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue
    const full = join(dir, name)
    if (statSync(full).isDirectory()) files.push(...walk(full))
    else files.push(full)
  }
  return files
}

/** Our own line-by-line patterns over a folder. */
export function patternFindings(dir: string, projectRoot: string): Finding[] {
  const findings: Finding[] = []
  for (const file of walk(dir)) {
    const ext = file.slice(file.lastIndexOf('.'))
    const rules = PATTERNS.filter((p) => p.extensions.includes(ext))
    if (rules.length === 0) continue
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        for (const rule of rules) {
          if (rule.pattern.test(text))
            findings.push({
              check: rule.check,
              file: relative(projectRoot, file).replaceAll('\\', '/'),
              line: i + 1,
              message: text.trim().slice(0, 120),
            })
        }
      })
  }
  return findings
}

/** Validates the allow-list itself: every entry names a check and a file and says why. */
export function allowListProblems(entries: unknown): string[] {
  if (!Array.isArray(entries)) return ['the allow-list must be a JSON array']
  const problems: string[] = []
  entries.forEach((entry: Partial<AllowEntry>, i) => {
    if (!entry || typeof entry.check !== 'string' || !entry.check)
      problems.push(`entry ${i}: no check`)
    if (!entry || typeof entry.file !== 'string' || !entry.file)
      problems.push(`entry ${i}: no file`)
    if (entry && entry.snippet !== undefined && typeof entry.snippet !== 'string')
      problems.push(`entry ${i} (${entry.check ?? '?'}): snippet must be the finding's line text`)
    if (!entry || typeof entry.reason !== 'string' || entry.reason.trim().length < 20)
      problems.push(
        `entry ${i} (${entry?.check ?? '?'}): a reason of at least a sentence is required`,
      )
  })
  return problems
}

/** Findings not covered by the allow-list, and allow-list entries that matched nothing. */
export function judge(
  findings: Finding[],
  allow: AllowEntry[],
): { refused: Finding[]; unused: AllowEntry[] } {
  const used = new Set<AllowEntry>()
  const refused = findings.filter((finding) => {
    const entry = allow.find(
      (a) =>
        !used.has(a) &&
        a.check === finding.check &&
        a.file === finding.file &&
        (a.snippet ?? '') === (finding.snippet ?? ''),
    )
    if (entry) used.add(entry)
    return !entry
  })
  return { refused, unused: allow.filter((a) => !used.has(a)) }
}

/** Its SARIF is written by an fs.writeFile it does not wait for: wait for a whole file. */
async function readSarif(path: string): Promise<Sarif> {
  for (let i = 0; i < 100; i++) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Sarif
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error(`electronegativity wrote no readable SARIF to ${path}`)
}

type Runner = (options: Record<string, unknown>) => Promise<void>

/** Runs electronegativity on one folder and returns its findings (read from its SARIF). */
export async function electronegativity(
  input: string,
  sarifPath: string,
  projectRoot: string,
): Promise<Finding[]> {
  const run = require('@doyensec/electronegativity/dist/runner.js') as Runner
  const electronVersion = (require('electron/package.json') as { version: string }).version
  // Its progress output goes to the console; keep the gate's own output readable.
  const log = console.log
  console.log = () => {}
  rmSync(sarifPath, { force: true })
  try {
    await run({
      input,
      output: sarifPath,
      isSarif: true,
      customScan: [],
      excludeFromScan: [],
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    })
  } finally {
    console.log = log
  }
  return findingsFromSarif(await readSarif(sarifPath), relative(projectRoot, input))
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      input: { type: 'string', multiple: true },
      allowlist: {
        type: 'string',
        default: join(ROOT, 'security/electronegativity-allowlist.json'),
      },
      'sarif-dir': { type: 'string', default: join(ROOT, 'test-results/electronegativity') },
      root: { type: 'string', default: ROOT },
    },
  })
  const root = resolve(values.root)
  const inputs = (values.input ?? ['out', 'src']).map((i) => resolve(root, i))
  mkdirSync(values['sarif-dir'], { recursive: true })
  const allow = JSON.parse(readFileSync(values.allowlist, 'utf8')) as AllowEntry[]
  const listProblems = allowListProblems(allow)
  if (listProblems.length > 0) {
    for (const p of listProblems) console.error(`error: ${values.allowlist}: ${p}`)
    process.exitCode = 1
    return
  }
  const findings: Finding[] = []
  for (const input of inputs) {
    findings.push(
      ...(await electronegativity(
        input,
        join(values['sarif-dir'], `${basename(input)}.sarif`),
        root,
      )),
    )
    findings.push(...patternFindings(input, root))
  }
  const { refused, unused } = judge(withSnippets(findings, root), allow)
  for (const entry of unused)
    console.warn(
      `warning: allow-list entry ${entry.check} ${entry.file} matched nothing; remove it`,
    )
  if (refused.length > 0) {
    console.error(`error: ${refused.length} security finding(s) not in the allow-list:`)
    for (const f of refused)
      console.error(
        `  ${f.check} ${f.file}:${f.line} ${f.message}\n    snippet: ${JSON.stringify(f.snippet ?? '')}`,
      )
    console.error(`Fix them, or add each to ${relative(root, values.allowlist)} with its reason.`)
    process.exitCode = 1
    return
  }
  console.log(
    `security gate passed: ${findings.length} finding(s) over ${inputs.map((i) => relative(root, i)).join(', ')}, each allowed with a reason`,
  )
}

if (import.meta.url === `file://${process.argv[1]}`) void main()

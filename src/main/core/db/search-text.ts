/**
 * Text search over subject, content and the contact by overlapping character pairs
 * (docs/measurements.md, "Text search").
 *
 * SQLite's tokenizers cannot find Chinese substrings (unicode61 makes a run of Chinese one token;
 * trigram misses 2-character terms), so the app turns text into one token per pair of adjacent
 * characters and stores those in a plain unicode61 FTS5 table. Every character is paired,
 * punctuation and spaces included, and the last one is paired with an end marker, so:
 * - a term of 2+ characters occurs in the text exactly when the phrase of its pairs matches
 *   (consecutive pairs at consecutive positions, within one column);
 * - a 1-character term occurs exactly when some pair starts with it (a prefix query).
 * That makes the result set identical to `subject LIKE '%term%' OR content LIKE '%term%'` over
 * the normalised text: both the indexed text and the typed term go through normaliseSearch()
 * (src/shared/domain/search.ts, where the search's rules are).
 *
 * English and numbers: a term of 3+ letters and digits only would be a phrase of many pairs whose
 * pairs ('er', 'on'...) occur everywhere, so ASCII has a second, selective index: every suffix
 * (3+ characters, at most WORD_MAX kept) of every run of ASCII letters and digits, folded to lower
 * case, in a third column. Such a term occurs in the text exactly when it is a prefix of some
 * run's suffix (a run of letters and digits cannot straddle anything else), so a prefix query on
 * that column finds the same set as LIKE.
 *
 * Tokens must pass through unicode61 unchanged, so each character is written as itself only when
 * unicode61 keeps it as is (CJK ideographs, a-z except q, 0-9); any other character becomes
 * `q` + its code point in 4 base-36 digits. The code is prefix-free, so tokens never collide.
 */

import { normaliseSearch } from '../../../shared/domain/search'

const END = 'qzzzz' // 'zzzz' in base 36 is beyond the last code point: never a character

const encoded = new Map<number, string>()

function encodeCodePoint(cp: number): string {
  let code = encoded.get(cp)
  if (code === undefined) {
    const raw =
      (cp >= 0x61 && cp <= 0x7a && cp !== 0x71) || // a-z but q, the escape letter
      (cp >= 0x30 && cp <= 0x39) ||
      (cp >= 0x4e00 && cp <= 0x9fff) || // CJK Unified Ideographs
      (cp >= 0x3400 && cp <= 0x4dbf) // Extension A
    code = raw ? String.fromCodePoint(cp) : 'q' + cp.toString(36).padStart(4, '0')
    encoded.set(cp, code)
  }
  return code
}

/** Each character's code, ASCII letters folded to lower case as LIKE folds them. */
function encodeChars(text: string): string[] {
  const codes: string[] = []
  for (const ch of text) {
    let cp = ch.codePointAt(0) ?? 0
    if (cp >= 0x41 && cp <= 0x5a) cp += 0x20
    codes.push(encodeCodePoint(cp))
  }
  return codes
}

/** The token text stored in the search index for one text (normalised here). */
export function searchTokens(text: string | null | undefined): string {
  if (!text) return ''
  const codes = encodeChars(normaliseSearch(text))
  let out = ''
  for (let i = 0; i < codes.length; i++) {
    if (i > 0) out += ' '
    out += (codes[i] as string) + (codes[i + 1] ?? END)
  }
  return out
}

/**
 * The FTS5 MATCH expression that finds `term` (already normalised) as a substring, or null for
 * an empty term.
 */
export function searchMatch(term: string): string | null {
  const codes = encodeChars(term)
  if (codes.length === 0) return null
  if (codes.length === 1) return `"${codes[0] as string}" *`
  const pairs: string[] = []
  for (let i = 0; i + 1 < codes.length; i++)
    pairs.push((codes[i] as string) + (codes[i + 1] as string))
  return `"${pairs.join(' ')}"`
}

/** Suffixes kept per ASCII run are cut to this length; longer terms use the pairs. */
export const WORD_MAX = 24
const WORD_MIN = 3
const ASCII_RUN = /[A-Za-z0-9]{3,}/g
const ASCII_TERM = /^[a-z0-9]+$/

/** The word-suffix tokens of some texts (normalised here; runs never join two texts), see above. */
export function wordTokens(...texts: (string | null | undefined)[]): string {
  const out: string[] = []
  for (const text of texts) {
    if (!text) continue
    for (const match of normaliseSearch(text).match(ASCII_RUN) ?? []) {
      const run = match.toLowerCase()
      for (let i = 0; i + WORD_MIN <= run.length; i++) out.push(run.slice(i, i + WORD_MAX))
    }
  }
  return out.join(' ')
}

/**
 * The MATCH expression for `term` (already normalised) on the word column, when the term is
 * answered there: 3 to WORD_MAX ASCII letters and digits. Otherwise null (use searchMatch).
 */
export function wordMatch(term: string): string | null {
  const folded = term.replace(/[A-Z]/g, (c) => c.toLowerCase())
  if (folded.length < WORD_MIN || folded.length > WORD_MAX || !ASCII_TERM.test(folded)) return null
  return `words : "${folded}" *`
}

/**
 * The identity key as one index token (encoded so unicode61 keeps it whole). It starts with the
 * end marker, which never starts a character pair: no text term's phrase or prefix query can
 * match it, so those need no column filter (a filter makes FTS5 read every position list).
 */
export function identityToken(key: string | null): string {
  return key === null ? '' : END + encodeChars(key).join('')
}

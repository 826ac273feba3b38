/**
 * Why a queue row matched its search, for the screens to highlight: in which fields the words
 * were found and where, in the row's own (not normalised) text. The words are found in the
 * normalised text and mapped back character by character, so `ＲＥＦＵＮＤ` highlights under
 * `refund` and `楊美玲` highlights all of `楊 美玲`.
 */
import type { RowMatch, SearchMatchField, TextRange } from '../../../shared/domain/queue'
import { identityKey, normaliseSearch } from '../../../shared/domain/search'

/** The text a row's match is computed from (subject and name are the row's own columns). */
export interface MatchSource {
  id: number
  subject: string | null
  contactName: string | null
  content: string | null
  membershipNo: string | null
  identityNo: string | null
}

/** Characters of content shown before and after the first match in an excerpt. */
const EXCERPT_BEFORE = 8
const EXCERPT_AFTER = 60

interface Mapped {
  norm: string
  /**
   * For each UTF-16 unit of `norm`: the original range of the character it came from; null when
   * positions are the same in both.
   */
  from: number[] | null
  to: number[] | null
}

const folded = new Map<string, string>()
const SPACE = /\s/

/** One character normalised on its own (cached: the same few thousand characters recur). */
function fold(ch: string): string {
  let piece = folded.get(ch)
  if (piece === undefined) {
    piece = normaliseSearch(ch)
    if (folded.size < 20_000) folded.set(ch, piece)
  }
  return piece
}

/** Marks and conjoining jamo: what NFKC may compose with the character before. */
const COMPOSING = /[\p{M}\u1100-\u11ff]/u

function mapped(text: string, dropSpaces: boolean): Mapped {
  if (!dropSpaces) {
    // The common case (Chinese, ASCII, full-width punctuation): nothing composes and every unit
    // becomes one unit, so positions carry over as they are, without a character-by-character walk.
    const whole = normaliseSearch(text)
    if (whole.length === text.length && !COMPOSING.test(text)) {
      return { norm: whole, from: null, to: null }
    }
  }
  let norm = ''
  const from: number[] = []
  const to: number[] = []
  let i = 0
  for (const ch of text) {
    const piece = dropSpaces && SPACE.test(ch) ? '' : fold(ch)
    norm += piece
    for (let k = 0; k < piece.length; k++) {
      from.push(i)
      to.push(i + ch.length)
    }
    i += ch.length
  }
  return { norm, from, to }
}

function merge(ranges: TextRange[]): TextRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const out: TextRange[] = []
  for (const r of sorted) {
    const last = out[out.length - 1]
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else out.push([r[0], r[1]])
  }
  return out
}

/** Where the (normalised) words occur in `text`, as ranges of `text`. */
export function highlightRanges(
  text: string | null,
  words: readonly string[],
  options: { ignoreSpaces?: boolean } = {},
): TextRange[] {
  if (!text || words.length === 0) return []
  const maps = [mapped(text, false)]
  if (options.ignoreSpaces && /\s/.test(text)) maps.push(mapped(text, true))
  const ranges: TextRange[] = []
  for (const m of maps) {
    for (const word of words) {
      if (word === '') continue
      for (let at = m.norm.indexOf(word); at >= 0; at = m.norm.indexOf(word, at + word.length)) {
        const end = at + word.length
        ranges.push(m.from && m.to ? [m.from[at] as number, m.to[end - 1] as number] : [at, end])
      }
    }
  }
  return merge(ranges)
}

/** `at` moved off the second half of a surrogate pair. */
function boundary(text: string, at: number): number {
  const code = text.charCodeAt(at)
  return code >= 0xdc00 && code <= 0xdfff ? at - 1 : at
}

/** A piece of `content` around the first of `anchors`, with every one of `words` highlighted. */
function excerpt(
  content: string,
  normContent: string,
  anchors: readonly string[],
  words: readonly string[],
): { text: string; ranges: TextRange[] } | null {
  let first = -1
  for (const w of anchors) {
    const at = normContent.indexOf(w)
    if (at >= 0 && (first < 0 || at < first)) first = at
  }
  if (first < 0) return null
  // Content can be long: map only a window of the original around the first match (the
  // normalisation rarely changes lengths, so it is near the same place), all of it if not.
  const lo = boundary(content, Math.max(0, first - 60))
  const hi = boundary(content, Math.min(content.length, first + 120))
  let found = highlightRanges(content.slice(lo, hi), anchors)[0]
  if (found) found = [found[0] + lo, found[1] + lo]
  else found = highlightRanges(content, anchors)[0]
  if (!found) return null
  const start = boundary(content, Math.max(0, found[0] - EXCERPT_BEFORE))
  const end = boundary(content, Math.min(content.length, found[1] + EXCERPT_AFTER))
  const lead = start > 0 ? '…' : ''
  const text =
    lead + content.slice(start, end).replace(/\s+/g, ' ') + (end < content.length ? '…' : '')
  // White space runs became one space: find the ranges on the excerpt itself.
  return { text, ranges: highlightRanges(text, words) }
}

/** Why `row` matched `words` (normalised) and the typed ticket ids. */
export function rowMatch(
  row: MatchSource,
  words: readonly string[],
  ticketIds: readonly number[],
): RowMatch {
  const fields = new Set<SearchMatchField>()
  if (ticketIds.includes(row.id)) fields.add('id')
  const norm = (text: string | null): string => (text === null ? '' : normaliseSearch(text))
  const subject = norm(row.subject)
  const content = norm(row.content)
  const name = norm(row.contactName)
  const joined = name.replace(/\s+/g, '')
  const membership = norm(row.membershipNo)
  const idKey = identityKey(row.identityNo)
  for (const word of words) {
    if (subject.includes(word)) fields.add('subject')
    if (content.includes(word)) fields.add('content')
    if (name.includes(word) || joined.includes(word)) fields.add('contactName')
    if (membership.includes(word)) fields.add('membershipNo')
    if (idKey !== null && identityKey(word) === idKey) fields.add('identityNo')
  }
  // The excerpt is around a word the subject lacks when there is one: that is what it explains.
  const lacking = words.filter((w) => !subject.includes(w) && content.includes(w))
  const anchors = lacking.length > 0 ? lacking : words
  const membershipMatch =
    fields.has('membershipNo') && row.membershipNo
      ? { text: row.membershipNo, ranges: highlightRanges(row.membershipNo, words) }
      : null
  return {
    fields: [...fields],
    subject: highlightRanges(row.subject, words),
    contactName: highlightRanges(row.contactName, words, { ignoreSpaces: true }),
    // Around a word the subject lacks when there is one: that is what the excerpt explains.
    excerpt:
      fields.has('content') && row.content ? excerpt(row.content, content, anchors, words) : null,
    membershipNo: membershipMatch,
  }
}

/**
 * The forms open in the app's other tabs (the browser host can be open in several; the desktop
 * app has one window): a draft one of them is typing into was not left behind. Each tab answers
 * a question on a channel of its own origin with the draft keys of the forms it shows.
 */

const CHANNEL = 'agent-console-open-forms'
/** Long enough for a busy tab to answer; asked only when there are drafts to speak of. */
const OTHER_TABS_WAIT_MS = 250

type Said = { kind: 'ask' } | { kind: 'open'; keys: string[] }

/** What another tab said, if it is one of the two things tabs say (same origin, still checked). */
function heard(data: unknown): Said | null {
  if (typeof data !== 'object' || data === null) return null
  const said = data as { kind?: unknown; keys?: unknown }
  if (said.kind === 'ask') return { kind: 'ask' }
  if (said.kind !== 'open' || !Array.isArray(said.keys)) return null
  const keys = said.keys.filter((k): k is string => typeof k === 'string' && k.length <= 32)
  return { kind: 'open', keys }
}

const held = new Map<string, number>()
let channel: BroadcastChannel | null = null

function open(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === 'undefined') return channel
  channel = new BroadcastChannel(CHANNEL)
  channel.addEventListener('message', (e: MessageEvent) => {
    if (heard(e.data)?.kind === 'ask' && held.size > 0)
      channel?.postMessage({ kind: 'open', keys: [...held.keys()] } satisfies Said)
  })
  return channel
}

/** This tab shows the form of draft `key` until the returned function is called. */
export function holdForm(key: string): () => void {
  open()
  held.set(key, (held.get(key) ?? 0) + 1)
  let released = false
  return () => {
    if (released) return
    released = true
    const n = (held.get(key) ?? 1) - 1
    if (n > 0) held.set(key, n)
    else held.delete(key)
  }
}

/** The draft keys of the forms other tabs of the app show, as they answer within `waitMs`. */
export async function formsOpenElsewhere(waitMs = OTHER_TABS_WAIT_MS): Promise<Set<string>> {
  const ch = open()
  const keys = new Set<string>()
  if (!ch) return keys
  const listen = (e: MessageEvent): void => {
    const said = heard(e.data)
    if (said?.kind === 'open') said.keys.forEach((k) => keys.add(k))
  }
  ch.addEventListener('message', listen)
  ch.postMessage({ kind: 'ask' } satisfies Said)
  await new Promise((done) => setTimeout(done, waitMs))
  ch.removeEventListener('message', listen)
  return keys
}

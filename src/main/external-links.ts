/**
 * Links out of the app (a URL in a ticket, say) open in the system browser only after the agent
 * has seen the full address and confirmed it; only http(s) addresses, parsed, are offered.
 */
import type { Language } from '../shared/contract/contract'

export const LINK_TEXT: Record<
  Language,
  { title: string; message: string; detail: string; open: string; cancel: string }
> = {
  'zh-TW': {
    title: '開啟外部連結',
    message: '要在瀏覽器中開啟這個網址嗎？',
    detail: '請確認網址是否可信：\n',
    open: '開啟',
    cancel: '取消',
  },
  en: {
    title: 'Open an external link',
    message: 'Open this address in your browser?',
    detail: 'Check that you trust the address:\n',
    open: 'Open',
    cancel: 'Cancel',
  },
}

/** The address to offer, normalised, or null when it is not a plain http(s) address. */
export function externalAddress(url: string): string | null {
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null
    if (parsed.username || parsed.password) return null
    return parsed.href
  } catch {
    return null
  }
}

export interface LinkPorts {
  /** Shows the question; resolves with the index of the button clicked. */
  ask(options: {
    type: 'question'
    title: string
    message: string
    detail: string
    buttons: string[]
    defaultId: number
    cancelId: number
  }): Promise<{ response: number }>
  open(url: string): Promise<void>
  language(): Promise<Language>
}

/** Asks the agent, then opens; returns whether the address was opened. */
export async function confirmAndOpen(url: string, ports: LinkPorts): Promise<boolean> {
  const address = externalAddress(url)
  if (!address) return false
  const text = LINK_TEXT[await ports.language().catch(() => 'zh-TW' as const)]
  const { response } = await ports.ask({
    type: 'question',
    title: text.title,
    message: text.message,
    detail: text.detail + address,
    buttons: [text.cancel, text.open],
    defaultId: 0,
    cancelId: 0,
  })
  if (response !== 1) return false
  await ports.open(address)
  return true
}

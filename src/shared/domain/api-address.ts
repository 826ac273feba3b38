/**
 * The rule for API addresses: the token travels with every request, so it goes over https://,
 * except to this computer (loopback: the sandbox, a local tunnel) or after the agent explicitly
 * accepts an unencrypted connection. Shared by the connect screen (to show the warning) and the
 * core (to enforce it).
 */

/** True for localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  )
}

/** True when `address` is http:// to another computer: allowed only with the agent's opt-in. */
export function isInsecureRemote(address: string): boolean {
  const text = address.trim()
  if (!/^http:\/\//i.test(text)) return false
  try {
    return !isLoopbackHost(new URL(text).hostname)
  } catch {
    return false
  }
}

/** What is wrong with a typed API address, or null when it is a usable http(s) URL. */
export type AddressProblem = 'empty' | 'spaces' | 'scheme' | 'notUrl'

export function addressProblem(address: string): AddressProblem | null {
  const text = address.trim()
  if (text === '') return 'empty'
  if (/\s/.test(text)) return 'spaces'
  if (!/^https?:\/\//i.test(text))
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? 'scheme' : 'notUrl'
  try {
    const url = new URL(text)
    return url.hostname === '' ? 'notUrl' : null
  } catch {
    return 'notUrl'
  }
}

import { isInsecureRemote } from '../../../shared/domain/api-address'
import { AppError } from '../../../shared/domain/errors'

/**
 * The API base an agent may type in several ways: `host`, `http://host`, `http://host/`,
 * `http://host/api/v1/`. Returns `http(s)://host[:port][/prefix]/api/v1` without a trailing slash.
 */
export function normalizeApiBase(input: string): string {
  let text = input.trim()
  if (text === '') throw new Error('normalizeApiBase: empty address')
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`
  const url = new URL(text)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`normalizeApiBase: unsupported protocol ${url.protocol}`)
  }
  let path = url.pathname.replace(/\/+$/, '')
  // Whatever the agent pasted after /api/v1 (a copied endpoint, say) is not part of the base.
  const at = path.search(/\/api\/v1(\/|$)/)
  if (at >= 0) path = path.slice(0, at)
  return `${url.protocol}//${url.host}${path}/api/v1`
}

/**
 * Refuses http:// to another computer unless the agent opted in (the token would travel in
 * clear text). Loopback addresses are always allowed.
 */
export function assertSecureAddress(input: string, allowInsecure: boolean): void {
  let text = input.trim()
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`
  if (allowInsecure || !isInsecureRemote(text)) return
  throw new AppError({
    code: 'insecure_address',
    message: `${new URL(text).host} is not encrypted (http://); use https:// or allow an unencrypted connection explicitly`,
  })
}

/**
 * The `--api-url` (and `--hub-url`) of a command that talks to the server, checked once for every
 * such command.
 */
import { UsageError } from './cli-error'
import { assertSecureAddress, normalizeApiBase } from '../main/core'

/** The normalised API base, or a usage error naming what is wrong with `--api-url`. */
export function apiBaseFromArgs(args: { apiUrl?: string; allowInsecure?: boolean }): string {
  if (!args.apiUrl) throw new UsageError('--api-url URL is required')
  let baseUrl: string
  try {
    baseUrl = normalizeApiBase(args.apiUrl)
  } catch {
    throw new UsageError(`--api-url is not a valid http(s) address: ${args.apiUrl}`)
  }
  assertSecureAddress(args.apiUrl, args.allowInsecure ?? false)
  return baseUrl
}

/** The team hub's address from `--hub-url`, or a usage error naming what is wrong with it. */
export function hubUrlFromArgs(hubUrl: string, allowInsecure: boolean | undefined): string {
  if (!/^https?:\/\//i.test(hubUrl)) throw new UsageError('--hub-url must start with http(s)://')
  assertSecureAddress(hubUrl, allowInsecure ?? false)
  return hubUrl
}

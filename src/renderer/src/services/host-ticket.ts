/**
 * The browser host's single-use tickets: what opens the event stream, the call socket and an
 * export's download, none of which can carry the secret header. Fetched by an authorized POST,
 * so the secret never appears in a URL.
 */
import type { Envelope } from '../../../shared/contract/contract'
import { AppError } from '../../../shared/domain/app-error'

export const SECRET_HEADER = 'x-agent-console-secret'

export async function hostTicket(
  baseUrl: string,
  path: '/events/ticket' | '/socket/ticket' | '/export/ticket',
  secret: string,
  body?: unknown,
): Promise<string> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      [SECRET_HEADER]: secret,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const envelope = (await response.json()) as Envelope<{ ticket: string }>
  if (!envelope.ok) throw new AppError(envelope.error)
  return envelope.value.ticket
}

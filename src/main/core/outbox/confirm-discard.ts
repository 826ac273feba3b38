/**
 * `--discard-waiting-edits` (the CLI, the browser host): the second confirmation, typed on the
 * terminal. Waiting edits no key can open are only set aside (kept) when the agent types the
 * word; anything else discards nothing.
 */
import { createInterface } from 'node:readline'
import { AppError } from '../../../shared/domain/errors'
import { DISCARD_FLAG, DISCARD_WORD } from './open-outbox'

export async function confirmDiscard(
  input: NodeJS.ReadableStream = process.stdin,
  prompt: NodeJS.WritableStream = process.stderr,
): Promise<void> {
  prompt.write(
    `${DISCARD_FLAG}: edits waiting to be sent that no key can open will be set aside and not sent. ` +
      `Type ${DISCARD_WORD} to confirm: `,
  )
  const lines = createInterface({ input })
  const answer = await new Promise<string>((resolve) => {
    lines.once('line', resolve)
    lines.once('close', () => resolve(''))
  })
  lines.close()
  if (answer.trim() !== DISCARD_WORD)
    throw new AppError({
      code: 'invalid_input',
      message: `not confirmed (${DISCARD_WORD} was not typed): nothing was discarded`,
    })
}

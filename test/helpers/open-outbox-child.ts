/**
 * Child process for the concurrent-open test: loads everything once, then for each line on stdin
 * (a file path, sent to several children at the same moment) opens, and so migrates, that outbox
 * file and answers `ok PATH` or `error PATH MESSAGE` on one line. Reusing one child for every round
 * keeps the test's time in the opens, not in starting processes.
 */
import { createInterface } from 'node:readline'
import { OutboxStore } from '../../src/main/core/outbox/outbox-store'

process.stdout.write('ready\n')
for await (const path of createInterface({ input: process.stdin })) {
  try {
    new OutboxStore(path).close()
    process.stdout.write(`ok ${path}\n`)
  } catch (error) {
    process.stdout.write(`error ${path} ${String(error).replace(/\s+/g, ' ')}\n`)
  }
}

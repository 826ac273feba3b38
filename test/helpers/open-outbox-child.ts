/**
 * Child process for the concurrent-open test: loads everything, waits for a line on stdin (so
 * several children open at the same moment), then opens (and so migrates) the outbox file given.
 */
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { OutboxStore } from '../../src/main/core/outbox/outbox-store'

const path = process.argv[2]
if (!path) throw new Error('usage: open-outbox-child.ts FILE')
process.stdout.write('ready\n')
await once(createInterface({ input: process.stdin }), 'line')
const store = new OutboxStore(path)
store.close()

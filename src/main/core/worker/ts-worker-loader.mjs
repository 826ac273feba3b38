// Worker bootstrap for Node hosts run with tsx (browser host, tests): worker threads do not
// inherit tsx's loader, so register it here and then load the TypeScript entry.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.tsEntry)

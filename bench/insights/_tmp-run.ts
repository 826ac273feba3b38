import { overviewBenchOn, printOverview } from './overview-bench'
const r = overviewBenchOn(process.argv[2]!, 100_000, (l) => process.stderr.write(l + '\n'))
process.stdout.write(printOverview(r).join('\n') + '\n')

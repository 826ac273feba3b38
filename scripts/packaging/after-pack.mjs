// electron-builder afterPack hook (electron-builder.yml): flip the fuses (fuses.mjs).
import { flipPackagedFuses } from './fuses.mjs'

export default async function afterPack(context) {
  const binary = await flipPackagedFuses(context)
  console.log(`  • fuses flipped in ${binary}`)
}

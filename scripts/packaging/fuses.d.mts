import type { FuseV1Config } from '@electron/fuses'

export interface PackContext {
  appOutDir: string
  electronPlatformName: string
  arch: number
  packager: { appInfo: { productFilename: string }; executableName: string }
}
export const FUSES: FuseV1Config
export function electronBinaryPath(context: PackContext): string
export function flipPackagedFuses(
  context: PackContext,
  flip?: (binary: string, config: FuseV1Config) => Promise<number>,
): Promise<string>

/** Starts a real sandbox on 127.0.0.1 for a test file; close it in afterAll. */
import { SandboxControl } from '../../src/sandbox/control-client'
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../src/sandbox/server'

export interface TestSandbox extends SandboxHandle {
  control: SandboxControl
}

export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const handle = await startSandbox({ port: 0, ...options })
  return { ...handle, control: new SandboxControl(handle.url) }
}

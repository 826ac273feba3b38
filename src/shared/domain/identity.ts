/**
 * National id numbers are personal data: screens show them masked (A123****89) unless the agent
 * asks to see one, and suggestions never carry them in full.
 */
export function maskIdentityNo(value: string | null | undefined): string | null {
  if (!value) return null
  if (value.length <= 6) return value.slice(0, 1) + '*'.repeat(Math.max(0, value.length - 1))
  return value.slice(0, 4) + '*'.repeat(value.length - 6) + value.slice(-2)
}

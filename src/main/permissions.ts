/**
 * The console asks for no browser permission and no device: every request and every check is
 * denied, and device pickers (HID, serial, USB, Bluetooth) never choose anything.
 */
export interface SessionLike {
  setPermissionRequestHandler(
    handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void
  setPermissionCheckHandler(handler: (wc: unknown, permission: string) => boolean): void
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void
  on(
    event: string,
    listener: (event: { preventDefault(): void }, ...args: unknown[]) => void,
  ): unknown
}

/** Session events that choose a device; answered with "none". */
export const DEVICE_SELECT_EVENTS = ['select-hid-device', 'select-serial-port', 'select-usb-device']

export function denyAllPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
  for (const name of DEVICE_SELECT_EVENTS) {
    session.on(name, (event, ...args) => {
      event.preventDefault()
      const callback = args.find((a) => typeof a === 'function') as
        ((id?: string) => void) | undefined
      callback?.()
    })
  }
}

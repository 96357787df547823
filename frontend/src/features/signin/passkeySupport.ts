// Whether passkeys can be offered, without loading the WebAuthn code (the sign-in
// page is in the first load; webauthn.ts comes when a passkey button is pressed).
import { onServerPasskeys, serverPasskeysOff } from '../../health';
import { useExternal } from '../../hooks';
import type { Key } from '../../i18n';

/** Whether the browser can use passkeys at all (passkey buttons are hidden otherwise). */
export function passkeysSupported(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;
}

/** Why passkeys cannot be offered: this browser cannot use them, or the server has
 * them off (the portal is served at an IP address); null when they can. */
export type PasskeysOff = 'browser' | 'server' | null;

export function passkeysOff(): PasskeysOff {
  if (serverPasskeysOff()) return 'server';
  return passkeysSupported() ? null : 'browser';
}

/** The note shown instead of a passkey button, per reason. */
export const PASSKEYS_OFF_NOTE: Record<Exclude<PasskeysOff, null>, Key> = {
  browser: 'signin.passkey.unsupported',
  server: 'signin.passkey.serverOff',
};

/** passkeysOff() in a component, which renders again when the health answer comes. */
export function usePasskeysOff(): PasskeysOff {
  useExternal(onServerPasskeys, serverPasskeysOff);
  return passkeysOff();
}

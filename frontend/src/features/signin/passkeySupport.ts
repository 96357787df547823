// Whether passkeys can be offered, without loading the WebAuthn code (the sign-in
// page is in the first load; webauthn.ts comes when a passkey button is pressed).

/** Whether the browser can use passkeys at all (passkey buttons are hidden otherwise). */
export function passkeysSupported(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;
}

// The signed-in person's own account, as GET /api/v1/me gives it, and the small
// pure helpers of the "My account" pages.
import type { User } from '../../session';

export interface Address {
  line1?: string;
  line2?: string;
  postalCode?: string;
  city?: string;
  country?: string;
}

/** Where the person's security stands. */
export interface Security {
  totp: boolean;
  recoveryCodesLeft: number;
  passkeys: number;
  passwordChanged?: string;
  /** The organisation's policy: the last second factor cannot be removed. */
  mfaRequired: boolean;
}

export interface Me extends User {
  landline?: string;
  address?: Address;
  notificationEmail?: string;
  /** The profile's version, sent back with an edit. */
  version: number;
  /** A new sign-in address waiting for its code. */
  pendingEmail?: string;
  /** A new notification address waiting for its code; notificationEmail is the one
   * in use until it is confirmed. */
  pendingNotificationEmail?: string;
  security: Security;
}

/** What POST /me/totp/start gives: the secret to type, the otpauth:// address and
 * its QR code. */
export interface TotpStart {
  secret: string;
  otpauthUri: string;
  qrCode: string;
}

/** The QR code as an <img> source. The API gives a data: URI; SVG markup is
 * accepted too, as a data: URI, since the portal's CSP allows images from data:
 * only (no inline SVG styles). */
export function qrImageSrc(qr: string): string {
  const s = qr.trim();
  if (s.startsWith('data:')) return s;
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return 'data:image/svg+xml;base64,' + btoa(bin);
}

/** A secret in groups of four, easier to type: "ABCD EFGH IJ". */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The recovery codes as a text file to keep. */
export function recoveryCodesFile(codes: readonly string[], heading: string): string {
  return `${heading}\n\n${codes.join('\n')}\n`;
}

/** "Firefox, Windows", or fallback when the user agent said nothing known. */
export function deviceLabel(device: { browser?: string; os?: string } | undefined, fallback: string): string {
  const parts = [device?.browser, device?.os].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : fallback;
}

/** The body of a second-factor check: a 6-digit code of the app, else a recovery code. */
export function codeBody(code: string): { code: string } | { recoveryCode: string } {
  const c = code.replace(/\s/g, '');
  return /^[0-9]{6}$/.test(c) ? { code: c } : { recoveryCode: code.trim() };
}

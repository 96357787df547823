// Passkeys in the browser: the server sends the options of navigator.credentials
// as JSON, binary members in base64url (docs/api.md, "Passkeys"); the browser wants
// them as bytes, and its answer goes back as JSON again. Loaded only with the pages
// and buttons that use passkeys.
import { api } from '../../api';
import { t } from '../../i18n';
import type { SessionView } from '../../session';

export function fromBase64url(s: string): ArrayBuffer {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
}

export function toBase64url(buf: ArrayBuffer | ArrayBufferView): string {
  const bytes = buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

type Json = Record<string, unknown>;
type Descriptor = { id: string } & Json;

/** What the server's options hold: `{"publicKey": {…}}`. */
export interface CeremonyOptions {
  publicKey: Json;
}

const decodeList = (list: unknown) => (Array.isArray(list) ? (list as Descriptor[]).map((d) => ({ ...d, id: fromBase64url(d.id) })) : undefined);

/** The options of navigator.credentials.create(), from the server's JSON. */
export function creationOptions(o: CeremonyOptions): PublicKeyCredentialCreationOptions {
  const pk = o.publicKey;
  const user = pk.user as Json & { id: string };
  return {
    ...pk,
    challenge: fromBase64url(pk.challenge as string),
    user: { ...user, id: fromBase64url(user.id) },
    excludeCredentials: decodeList(pk.excludeCredentials),
  } as unknown as PublicKeyCredentialCreationOptions;
}

/** The options of navigator.credentials.get(), from the server's JSON. */
export function requestOptions(o: CeremonyOptions): PublicKeyCredentialRequestOptions {
  const pk = o.publicKey;
  return {
    ...pk,
    challenge: fromBase64url(pk.challenge as string),
    allowCredentials: decodeList(pk.allowCredentials),
  } as unknown as PublicKeyCredentialRequestOptions;
}

/** The browser's answer as JSON for the server (what PublicKeyCredential.toJSON()
 * gives where it exists). */
export function credentialJSON(cred: PublicKeyCredential): Json {
  const r = cred.response;
  const response: Json = { clientDataJSON: toBase64url(r.clientDataJSON) };
  if ('attestationObject' in r) {
    const a = r as AuthenticatorAttestationResponse;
    response.attestationObject = toBase64url(a.attestationObject);
    if (typeof a.getTransports === 'function') response.transports = a.getTransports();
  } else {
    const a = r as AuthenticatorAssertionResponse;
    response.authenticatorData = toBase64url(a.authenticatorData);
    response.signature = toBase64url(a.signature);
    if (a.userHandle) response.userHandle = toBase64url(a.userHandle);
  }
  return {
    id: cred.id,
    rawId: toBase64url(cred.rawId),
    type: cred.type,
    response,
    clientExtensionResults: cred.getClientExtensionResults(),
    ...(cred.authenticatorAttachment ? { authenticatorAttachment: cred.authenticatorAttachment } : {}),
  };
}

/** Thrown when the browser gave no credential: the person cancelled, took too
 * long, has no passkey for the portal here, or (creating one) this authenticator
 * already holds one of theirs. Its message says which. */
export class PasskeyCancelled extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PasskeyCancelled';
  }
}

async function browserCall(run: () => Promise<Credential | null>): Promise<Json> {
  let cred: Credential | null;
  try {
    cred = await run();
  } catch (err) {
    // NotAllowedError (cancelled, timed out) and the like: nothing the server can tell.
    if (err instanceof DOMException) {
      throw new PasskeyCancelled(t(err.name === 'InvalidStateError' ? 'signin.passkey.exists' : 'signin.passkey.cancelled'));
    }
    throw err;
  }
  if (!cred) throw new PasskeyCancelled(t('signin.passkey.cancelled'));
  return credentialJSON(cred as PublicKeyCredential);
}

/** Asks the browser for a passkey answering the server's options. */
export function getCredential(options: CeremonyOptions): Promise<Json> {
  return browserCall(() => navigator.credentials.get({ publicKey: requestOptions(options) }));
}

/** Asks the browser to create a passkey for the server's options. */
export function createCredential(options: CeremonyOptions): Promise<Json> {
  return browserCall(() => navigator.credentials.create({ publicKey: creationOptions(options) }));
}

/** Signs in with a passkey alone; resolves with the session the server opened. */
export async function signInWithPasskey(): Promise<SessionView> {
  const { ceremony, options } = await api.post<{ ceremony: string; options: CeremonyOptions }>('/session/passkey/begin', undefined, { authRedirect: false });
  const credential = await getCredential(options);
  return api.post<SessionView>('/session/passkey/finish', { ceremony, credential }, { authRedirect: false });
}

/** Answers a sign-in's second step with a passkey. */
export async function passkeySecondFactor(challenge: string): Promise<SessionView> {
  const { options } = await api.post<{ options: CeremonyOptions }>('/session/mfa/passkey/begin', { challenge }, { authRedirect: false });
  const credential = await getCredential(options);
  return api.post<SessionView>('/session/mfa/passkey/finish', { challenge, credential }, { authRedirect: false });
}

/** A passkey as "My account" lists it. */
export interface Passkey {
  id: string;
  name: string;
  created: string;
  lastUsed?: string;
}

/** Registers a new passkey under name for the signed-in person; the answer carries
 * the CSRF token from now on (a new one when the session had to enrol first). */
export async function registerPasskey(name: string): Promise<Passkey & { csrf: string }> {
  const { ceremony, options } = await api.post<{ ceremony: string; options: CeremonyOptions }>('/me/passkeys/begin');
  const credential = await createCredential(options);
  return api.post<Passkey & { csrf: string }>('/me/passkeys/finish', { ceremony, name, credential });
}

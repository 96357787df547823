import { describe, expect, it } from 'vitest';
import { creationOptions, credentialJSON, fromBase64url, requestOptions, toBase64url } from './webauthn';

const bytes = (...b: number[]) => new Uint8Array(b).buffer;

describe('base64url', () => {
  it('round-trips bytes, without padding and with the URL alphabet', () => {
    const b = bytes(0xfb, 0xff, 0xbf, 0x00, 0x01);
    const s = toBase64url(b);
    expect(s).toBe('-_-_AAE');
    expect(new Uint8Array(fromBase64url(s))).toEqual(new Uint8Array(b));
    expect(toBase64url(new Uint8Array([1, 2, 3]).subarray(1))).toBe('AgM');
  });
});

describe('options from the server', () => {
  it('decode the binary members of a creation', () => {
    const o = creationOptions({
      publicKey: {
        challenge: 'AQID',
        rp: { id: 'localhost', name: 'Guichet' },
        user: { id: 'BAU', name: 'a@b.fr', displayName: 'A' },
        excludeCredentials: [{ type: 'public-key', id: 'Bg' }],
      },
    });
    expect(new Uint8Array(o.challenge as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(new Uint8Array(o.user.id as ArrayBuffer)).toEqual(new Uint8Array([4, 5]));
    expect(o.user.name).toBe('a@b.fr');
    expect(new Uint8Array(o.excludeCredentials![0].id as ArrayBuffer)).toEqual(new Uint8Array([6]));
    expect(o.rp.id).toBe('localhost');
  });

  it('decode the binary members of a request, with or without allowed credentials', () => {
    const o = requestOptions({ publicKey: { challenge: 'AQID', allowCredentials: [{ type: 'public-key', id: 'Bw' }], userVerification: 'required' } });
    expect(new Uint8Array(o.allowCredentials![0].id as ArrayBuffer)).toEqual(new Uint8Array([7]));
    expect(o.userVerification).toBe('required');
    expect(requestOptions({ publicKey: { challenge: 'AQID' } }).allowCredentials).toBeUndefined();
  });
});

describe('credentialJSON', () => {
  it('encodes an assertion for the server', () => {
    const cred = {
      id: 'Bw',
      rawId: bytes(7),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      response: { clientDataJSON: bytes(1), authenticatorData: bytes(2), signature: bytes(3), userHandle: bytes(4) },
      getClientExtensionResults: () => ({}),
    } as unknown as PublicKeyCredential;
    expect(credentialJSON(cred)).toEqual({
      id: 'Bw',
      rawId: 'Bw',
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: { clientDataJSON: 'AQ', authenticatorData: 'Ag', signature: 'Aw', userHandle: 'BA' },
    });
  });

  it('encodes an attestation with its transports', () => {
    const cred = {
      id: 'Bw',
      rawId: bytes(7),
      type: 'public-key',
      authenticatorAttachment: null,
      response: { clientDataJSON: bytes(1), attestationObject: bytes(9), getTransports: () => ['internal'] },
      getClientExtensionResults: () => ({ credProps: { rk: true } }),
    } as unknown as PublicKeyCredential;
    expect(credentialJSON(cred)).toEqual({
      id: 'Bw',
      rawId: 'Bw',
      type: 'public-key',
      clientExtensionResults: { credProps: { rk: true } },
      response: { clientDataJSON: 'AQ', attestationObject: 'CQ', transports: ['internal'] },
    });
  });
});

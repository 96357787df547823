import { describe, expect, it } from 'vitest';
import { codeBody, deviceLabel, groupSecret, qrImageSrc, recoveryCodesFile } from './me';

describe('qrImageSrc', () => {
  it('keeps the data: URI the API gives', () => {
    expect(qrImageSrc('data:image/svg+xml;base64,PHN2Zy8+')).toBe('data:image/svg+xml;base64,PHN2Zy8+');
  });

  it('turns SVG markup into a data: URI, UTF-8 included', () => {
    const src = qrImageSrc('<svg><title>é</title></svg>');
    expect(src.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const bytes = Uint8Array.from(atob(src.slice(src.indexOf(',') + 1)), (c) => c.charCodeAt(0));
    expect(new TextDecoder().decode(bytes)).toBe('<svg><title>é</title></svg>');
  });
});

describe('the authenticator secret and recovery codes', () => {
  it('groups the secret by four for typing', () => {
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(groupSecret('ABCDEFGH')).toBe('ABCD EFGH');
  });

  it('writes the codes one a line under a heading', () => {
    expect(recoveryCodesFile(['aaaaa-bbbbb', 'ccccc-ddddd'], 'Codes')).toBe('Codes\n\naaaaa-bbbbb\nccccc-ddddd\n');
  });

  it('sends six digits as an app code and anything else as a recovery code', () => {
    expect(codeBody(' 123 456 ')).toEqual({ code: '123456' });
    expect(codeBody(' abcde-12345 ')).toEqual({ recoveryCode: 'abcde-12345' });
    expect(codeBody('12345')).toEqual({ recoveryCode: '12345' });
  });
});

describe('deviceLabel', () => {
  it('names the browser and system, or falls back', () => {
    expect(deviceLabel({ browser: 'Firefox', os: 'Windows' }, '?')).toBe('Firefox, Windows');
    expect(deviceLabel({ browser: '', os: 'Linux' }, '?')).toBe('Linux');
    expect(deviceLabel({ browser: '', os: '' }, 'Unknown')).toBe('Unknown');
    expect(deviceLabel(undefined, 'Unknown')).toBe('Unknown');
  });
});

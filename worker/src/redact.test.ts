import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keepSecretsOut, redact } from './redact.ts';

/** Percent-escapes in lower-case hex, as some servers write them. */
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());

describe('redact', () => {
  it('removes email addresses and phone numbers and keeps the rest', () => {
    expect(redact('setContact.email example@email.com must be unique')).toBe('setContact.email [email] must be unique');
    expect(redact('phone +7 (495) 123-45-67 is wrong')).toBe('phone [phone] is wrong');
    expect(redact('productId 123456 at index 3')).toBe('productId 123456 at index 3');
    expect(redact('{"at":"2026-11-24T10:00:00.000+00:00","productId":9007199254740991}')).toBe('{"at":"2026-11-24T10:00:00.000+00:00","productId":9007199254740991}');
  });

  it('removes a secret raw, percent-encoded in either spelling and case, JSON-escaped, and inside Basic credentials', () => {
    const key = 'sec+ret/Key=42';
    const echoes = [
      `internal error while handling POST /1.0/visitorEvents?partnerId=1&x=${encodeURIComponent(key)}`,
      `key ${key} refused`,
      `quoted ${lowerHex(encodeURIComponent(key))}`,
      `form ${new URLSearchParams({ k: key }).toString().slice(2)}`,
      `json {"key":${JSON.stringify(key).replaceAll('/', '\\/')}}`,
      `auth was ${btoa(`rrelay:${key}`)}`,
    ];
    for (const echo of echoes) {
      const clean = redact(echo, [key]);
      expect(clean, echo).toContain('[secret]');
      for (const form of ['sec+ret', 'sec%2Bret', 'sec%2bret', 'ret/Key', 'ret%2FKey', 'ret\\/Key']) expect(clean, echo).not.toContain(form);
    }
  });

  it('removes any apiKey= value and bearer or Basic credentials, even of a secret it does not know', () => {
    expect(redact('GET /v1/partners/p/anyPlacements/x/impressions?apiKey=abc123XYZ&session=s1 failed')).toBe('GET /v1/partners/p/anyPlacements/x/impressions?apiKey=[secret]&session=s1 failed');
    expect(redact('sent Authorization: Bearer 0123456789abcdef')).toBe('sent Authorization: Bearer [secret]');
  });

  it('removes the secrets registered from the environment from every later text', () => {
    keepSecretsOut({ RR_API_KEY: 'registered-key-77', HEALTH_TOKEN: 'registered-token-88' });
    expect(redact('upstream said registered-key-77 and registered%2Dtoken-88 and registered-token-88')).toBe('upstream said [secret] and registered%2Dtoken-88 and [secret]');
  });

  it('leaves short values alone, which would blank ordinary words', () => {
    expect(redact('the key abc is wrong', ['abc'])).toBe('the key abc is wrong');
  });
});

describe('redact, fuzzed', () => {
  it('removes any key made of the characters that come back encoded, in every spelling an echo can take', () => {
    const keyChar = fc.constantFrom(...'abcXYZ019+/=%&?# -_.~!*\'()'.split(''));
    const key = fc.array(keyChar, { minLength: 6, maxLength: 40 }).map((chars) => chars.join('')).filter((text) => /[A-Za-z0-9]{2}/.test(text));
    const spell = fc.constantFrom(
      (k: string) => k,
      (k: string) => encodeURIComponent(k),
      (k: string) => lowerHex(encodeURIComponent(k)),
      (k: string) => new URLSearchParams({ apiKey: k, partnerId: 'p' }).toString(),
      (k: string) => JSON.stringify({ key: k }),
      (k: string) => btoa(`rrelay:${k}`),
    );
    fc.assert(
      fc.property(key, spell, fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (secret, spelling, before, after) => {
        const echoed = spelling(secret);
        const clean = redact(`${before}${echoed}${after}`, [secret]);
        expect(clean).not.toContain(echoed.replace(/^apiKey=/, ''));
      }),
      { numRuns: 500 },
    );
  });
});

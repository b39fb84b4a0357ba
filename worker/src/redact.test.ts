import { describe, expect, it } from 'vitest';
import { redact } from './log.ts';

describe('redact', () => {
  it('removes email addresses and phone numbers and keeps the rest', () => {
    expect(redact('setContact.email example@email.com must be unique')).toBe('setContact.email [email] must be unique');
    expect(redact('phone +7 (495) 123-45-67 is wrong')).toBe('phone [phone] is wrong');
    expect(redact('productId 123456 at index 3')).toBe('productId 123456 at index 3');
    expect(redact('{"at":"2026-11-24T10:00:00.000+00:00","productId":9007199254740991}')).toBe('{"at":"2026-11-24T10:00:00.000+00:00","productId":9007199254740991}');
  });
});

import { describe, expect, it } from 'vitest';
import { basicAuthorization, classifyEsputnikAnswer } from './esputnik-delivery.ts';

describe('classifyEsputnikAnswer', () => {
  it.each([200, 204])('counts %i as delivered', (status) => {
    expect(classifyEsputnikAnswer(status, '')).toEqual({ kind: 'delivered', status });
  });

  it('counts an event refused as a duplicate as delivered: it already arrived', () => {
    expect(classifyEsputnikAnswer(400, '{"error":"Duplicated event"}')).toEqual({ kind: 'delivered', status: 400 });
    expect(classifyEsputnikAnswer(409, 'duplicate')).toEqual({ kind: 'delivered', status: 409 });
  });

  it('rejects any other 400 with the upstream’s words', () => {
    expect(classifyEsputnikAnswer(400, '{"error":"GeneralInfo.cookies.sc is required"}')).toEqual({
      kind: 'rejected',
      status: 400,
      reason: 'eSputnik answered 400: {"error":"GeneralInfo.cookies.sc is required"}',
    });
    expect(classifyEsputnikAnswer(422, '')).toEqual({ kind: 'rejected', status: 422, reason: 'eSputnik answered 422' });
  });

  it.each([401, 403])('says %i is unauthorized (the API key)', (status) => {
    expect(classifyEsputnikAnswer(status, 'bad key')).toEqual({ kind: 'unauthorized', status, reason: `eSputnik answered ${status}: bad key` });
  });

  it.each([0, 408, 429, 500, 502, 503, 504, 404, 405])('retries %i', (status) => {
    expect(classifyEsputnikAnswer(status, '')).toMatchObject({ kind: 'retry', status });
  });

  it('retries a 429 after its Retry-After, and says when there was no answer at all', () => {
    expect(classifyEsputnikAnswer(429, 'slow down', 2000)).toEqual({ kind: 'retry', status: 429, reason: 'eSputnik answered 429: slow down', afterMs: 2000 });
    expect(classifyEsputnikAnswer(0, 'timed out')).toEqual({ kind: 'retry', status: 0, reason: 'eSputnik answered nothing: timed out' });
  });
});

describe('basicAuthorization', () => {
  it('sends the API key as the Basic password', () => {
    expect(basicAuthorization('k3y')).toBe(`Basic ${btoa('rrelay:k3y')}`);
    expect(atob(basicAuthorization('k3y').slice('Basic '.length))).toBe('rrelay:k3y');
  });
});

// postEsputnikEvent itself is exercised over HTTP against the local upstream in test/integration/esputnik.test.ts.

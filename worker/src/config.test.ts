import { describe, expect, it } from 'vitest';
import { listSetting, numberSetting, partnerSetting, relayConfig, switchSetting } from './config.ts';

describe('numberSetting', () => {
  it('reads a number, and falls back when it is missing, not a number, or out of range', () => {
    expect(numberSetting('45', 50)).toBe(45);
    expect(numberSetting(' 2.5 ', 1)).toBe(2.5);
    for (const value of [undefined, '', ' ', 'fifty', '0', '-3', 'Infinity']) expect(numberSetting(value, 50), String(value)).toBe(50);
  });

  it('takes an inclusive lower bound when given (0 turns a cache time off), and caps at the upper one', () => {
    expect(numberSetting('0', 60, { min: 0 })).toBe(0);
    expect(numberSetting('-1', 60, { min: 0 })).toBe(60);
    expect(numberSetting('900', 200, { max: 500 })).toBe(500);
  });
});

describe('listSetting', () => {
  it('reads the trimmed, non-empty items of a comma-separated list', () => {
    expect([...listSetting(' a, b ,,c ,')]).toEqual(['a', 'b', 'c']);
    expect(listSetting(undefined).size).toBe(0);
  });
});

describe('switchSetting', () => {
  it('reads on and off in any case, and falls back on anything else', () => {
    expect([switchSetting(' OFF ', true), switchSetting('on', false), switchSetting(undefined, true), switchSetting('no', false)]).toEqual([false, true, true, false]);
  });
});

describe('partnerSetting', () => {
  it('reads a JSON object of strings by partner id, and names the setting, never its values, when it is not one', () => {
    expect(partnerSetting('RR_PARTNER_KEYS', '{"a": " key-a ", "b": "key-b"}').entries).toEqual(new Map([['a', 'key-a'], ['b', 'key-b']]));
    expect(partnerSetting('RR_PARTNER_KEYS', undefined)).toEqual({ entries: new Map() });
    for (const broken of ['{"a": "secret-1"', '["secret-2"]', '{"a": 3}', '{"a": ""}', '"secret-3"']) {
      const { entries, problem } = partnerSetting('RR_PARTNER_KEYS', broken);
      expect(entries.size, broken).toBe(0);
      expect(problem, broken).toMatch(/^RR_PARTNER_KEYS (is not JSON|must be a JSON object)/);
      expect(problem, broken).not.toMatch(/secret/);
    }
  });
});

describe('relayConfig', () => {
  it('serves RR_PARTNER_ID with RR_API_KEY and the partners of RR_PARTNER_KEYS with their own, which win', () => {
    const config = relayConfig({ RR_PARTNER_ID: 'a,b', RR_API_KEY: 'shared', RR_PARTNER_KEYS: '{"b": "own-b", "c": "own-c"}' } as Env);
    expect([...config.partnerIds].sort()).toEqual(['a', 'b', 'c']);
    expect(Object.fromEntries(config.partnerKeys)).toEqual({ a: 'shared', b: 'own-b', c: 'own-c' });
    const keyless = relayConfig({ RR_PARTNER_ID: 'a' } as Env);
    expect([keyless.partnerIds.has('a'), keyless.partnerKeys.has('a')]).toEqual([true, false]);
    expect(relayConfig({ RR_PARTNER_ORIGINS: 'nope' } as Env).settingProblems).toEqual(['RR_PARTNER_ORIGINS is not JSON; it must be an object of strings by partner id']);
  });
});

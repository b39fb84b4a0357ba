import { describe, expect, it } from 'vitest';
import { listSetting, numberSetting } from './config.ts';

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

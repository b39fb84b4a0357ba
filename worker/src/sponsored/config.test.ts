import { describe, expect, it } from 'vitest';
import { sponsoredConfig } from './config.ts';

describe('sponsoredConfig', () => {
  it('has documented defaults: 60 s fresh, 30 s for a 204, 300 ms budget, 50 calls a second, nothing shared', () => {
    expect(sponsoredConfig({})).toEqual({
      freshMs: 60_000,
      emptyMs: 30_000,
      staleWhileRevalidateMs: 300_000,
      staleIfErrorMs: 3_600_000,
      budgetMs: 300,
      ratePerSecond: 50,
      sharedPlacements: new Set(),
    });
  });

  it('reads each var, and falls back to the default for an empty or unparsable one', () => {
    const config = sponsoredConfig({
      SP_FRESH_SECONDS: '5',
      SP_EMPTY_SECONDS: '0',
      SP_STALE_WHILE_REVALIDATE_SECONDS: 'soon',
      SP_STALE_IF_ERROR_SECONDS: '',
      SP_BUDGET_MS: '0',
      SP_RATE_LIMIT: '20',
      SP_SHARED_PLACEMENTS: ' home , anyPlacements/footer ,',
    });
    expect(config).toMatchObject({ freshMs: 5000, emptyMs: 0, staleWhileRevalidateMs: 300_000, staleIfErrorMs: 3_600_000, budgetMs: 300, ratePerSecond: 20 });
    // A bare placement id would share every kind's answers: only kind/placementId is taken.
    expect([...config.sharedPlacements]).toEqual(['anyPlacements/footer']);
  });
});

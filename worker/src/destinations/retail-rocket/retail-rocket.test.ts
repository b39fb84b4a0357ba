import { describe, expect, it } from 'vitest';
import { validBodies } from '@rrelay/protocol/example-bodies';
import { retailRocket, retailRocketOutcome } from './retail-rocket.ts';

describe('retailRocketOutcome', () => {
  it('maps each answer to what the buffer does with it', () => {
    expect(retailRocketOutcome(200, '{}')).toEqual({ kind: 'delivered', status: 200 });
    expect(retailRocketOutcome(400, 'productId unknown')).toEqual({ kind: 'rejected', status: 400, reason: 'productId unknown' });
    expect(retailRocketOutcome(401, '')).toEqual({ kind: 'unauthorized', status: 401, reason: 'answered 401' });
    expect(retailRocketOutcome(403, 'forbidden').kind).toBe('unauthorized');
    expect(retailRocketOutcome(503, 'down')).toEqual({ kind: 'retry', status: 503, reason: 'down' });
    expect(retailRocketOutcome(429, 'slow down', 3000)).toEqual({ kind: 'retry', status: 429, reason: 'slow down', afterMs: 3000 });
  });
});

describe('retailRocket', () => {
  it('takes Retail Rocket’s own methods and nothing else', () => {
    expect(retailRocket.accepts({ method: 'view', body: validBodies.view })).toBe(true);
    expect(retailRocket.accepts({ method: 'wishlist', body: validBodies.view } as never)).toBe(false);
  });
});

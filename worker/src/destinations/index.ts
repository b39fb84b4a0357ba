import type { Destination } from './destination.ts';
import { esputnik } from './esputnik/esputnik.ts';
import { retailRocket } from './retail-rocket/retail-rocket.ts';

/**
 * Every vendor the relay forwards accepted events to. Each gets its own queue
 * position, rate, retries and dead letters in the buffer. Adding a vendor is a
 * module implementing {@link Destination} and one line here.
 */
export const destinations: Destination[] = [
  retailRocket,
  esputnik,
];

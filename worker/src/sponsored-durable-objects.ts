/** The Durable Object classes of the Sponsored Products cache, exported from the Worker's entry. */
export { SponsoredFlight } from './sponsored-flight.ts';
export { SponsoredRateLimiter } from './sponsored-rate-limiter.ts';

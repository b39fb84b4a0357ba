/** The Durable Object class of the Sponsored Products cache, exported from the Worker's entry. */
export { SponsoredFlight } from './flight.ts';

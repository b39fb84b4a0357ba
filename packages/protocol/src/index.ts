/**
 * @rrelay/protocol: the single definition of rrelay's wire format. The relay
 * validates with these schemas; the browser tracker imports only their types.
 */
export { limits } from './limits.ts';
export { clip } from './clip.ts';
export * from './fields.ts';
export * from './tracking-events.ts';
export * from './store-events.ts';
export * from './visitor-events.ts';
export * from './esputnik.ts';
export * from './sponsored.ts';

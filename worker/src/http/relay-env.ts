import type { RelayConfig } from '../config.ts';

/** The relay's Hono environment: the Worker's bindings, and the settings read once per request. */
export interface RelayEnv {
  Bindings: Env;
  Variables: {
    /** {@link relayConfig} of this request's environment, read once by the first middleware. */
    config: RelayConfig;
  };
}

import { redact } from './redact.ts';

/**
 * Writes one structured log line (JSON, one object per line, `event` naming
 * what happened). Strings are passed through {@link redact}; callers never pass
 * the apiKey or an event's body.
 */
export function logEvent(level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown> = {}): void {
  const line = redact(JSON.stringify({ level, event, at: new Date().toISOString(), ...fields }));
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

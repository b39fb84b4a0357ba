const email = /[^\s"'<>@,;:]+@[^\s"'<>@,;:]+\.[A-Za-z]{2,}/g;
const phone = /\+\d[\d\s().-]{6,}\d|\(\d{3}\)[\d\s.-]{6,}\d/g;

/** Replaces anything that looks like an email address or a phone number, so logs carry no personal data. */
export function redact(text: string): string {
  return text.replace(email, '[email]').replace(phone, '[phone]');
}

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

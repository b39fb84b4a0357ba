/** ISO 8601 to the second with the visitor's own UTC offset, e.g. `2026-11-24T13:00:00+03:00`, as Retail Rocket's examples write it. */
export function localTimestamp(date = new Date()): string {
  const offset = date.getTimezoneOffset();
  // The offset written as a time of day gives its `hh:mm`.
  return new Date(+date - offset * 6e4).toISOString().slice(0, 19) + (offset > 0 ? '-' : '+') + new Date(Math.abs(offset) * 6e4).toISOString().slice(11, 16);
}

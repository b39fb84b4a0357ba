/** Markup that is already safe to put in a page. */
export interface SafeHtml {
  readonly html: string;
}

const isSafe = (value: unknown): value is SafeHtml => typeof value === 'object' && value !== null && 'html' in value;

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (isSafe(value)) return value.html;
  return escapeHtml(String(value));
}

/**
 * Template tag for markup: interpolated values are escaped unless they are
 * `SafeHtml` (e.g. another `html` result); arrays are joined; `false`, `null`
 * and `undefined` render as nothing.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!));
  return { html: out };
}

/** Marks trusted markup (e.g. JSON for a `<script>` element) as safe. */
export function raw(markup: string): SafeHtml {
  return { html: markup };
}

/** Formats a price in euros, e.g. `€249.00`. */
export function formatPrice(price: number): string {
  return `€${price.toFixed(2)}`;
}

import type { TrackingMethod } from '@rrelay/protocol';

/**
 * The fields of each of Retail Rocket's 12 methods, besides `sessionExternalId`
 * and `timestamp`, which the tracker fills in. Each field name ends with its kind:
 * `#` a catalog id (an integer from 1 to 2^53 − 1), `*` a non-empty array of them,
 * `$` a finite number ≥ 0, `%` 1–50 letters and digits, `!` a non-empty string,
 * `?` an optional non-empty string (store-events.ts adds kinds of its own, and
 * `~ & {` are optional too). The keys are also the tracker's method names.
 */
export const eventFields: Record<TrackingMethod, string> = {
  view: 'productId# stockId?',
  groupView: 'groupId# productIds* stockId?',
  addToBasket: 'productId# stockId?',
  categoryView: 'categoryId#',
  order: 'productId# price$ quantity$ transaction! stockId?',
  search: 'searchPhrase! stockId?',
  setContact: 'contactExternalId% email? phone? customData? stockId?',
  recomBlockViewed: 'recomBlockId!',
  recomTap: 'productId# recomBlockId! stockId?',
  recomAddToBasket: 'productId# recomBlockId! stockId?',
  impressionContentViewed: 'impressionContentId!',
  impressionContentClicked: 'impressionContentId!',
};

/**
 * Whether a value is of a field's kind (see {@link eventFields}). Lengths and
 * formats beyond that are the relay's to check (its answer names the field), to keep this tiny.
 */
export const fits = (kind: string, value: any): boolean =>
  kind == '*'
    ? Array.isArray(value) && value.length > 0 && value.every((id) => fits('#', id))
    : kind == '#'
      ? Number.isSafeInteger(value) && value > 0
      : kind == '$'
        ? Number.isFinite(value) && value >= 0
        : kind == '%'
          ? /^[A-Za-z0-9]{1,50}$/.test(value)
          : typeof value == 'string' && value != '';

/**
 * Checks a method's fields by hand (no valibot in the browser). Returns why
 * they break the contract, or `undefined` when they keep it. Fields set to
 * `undefined` count as absent, as they would once sent as JSON. `fieldSpec` is
 * the method's fields in the form of {@link eventFields} (Retail Rocket's by
 * default), `kindFits` what checks a value of a kind ({@link fits} by default).
 */
export function checkFields(method: string, fields: any, fieldSpec = eventFields[method as TrackingMethod], kindFits = fits): string | undefined {
  const spec = fieldSpec.split(' ');
  if (typeof fields != 'object' || !fields) return 'fields must be an object';
  for (const name in fields) if (fields[name] !== undefined && !spec.some((field) => field.slice(0, -1) == name)) return name + ' is not a field of ' + method;
  for (const field of spec) {
    const name = field.slice(0, -1);
    const kind = field.slice(-1);
    const value = fields[name];
    if (value === undefined ? !'?~&{'.includes(kind) : !kindFits(kind, value)) return name + (value === undefined ? ' is required' : ' is invalid: ' + JSON.stringify(value));
  }
}

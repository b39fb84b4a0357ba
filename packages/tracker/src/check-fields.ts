import type { TrackingMethod } from '@rrelay/protocol';

/**
 * The fields of each of Retail Rocket's 12 methods (`?` marks optional ones),
 * besides `sessionExternalId` and `timestamp`, which the tracker fills in.
 * The keys are also the tracker's method names.
 */
export const eventFields: Record<TrackingMethod, string> = {
  view: 'productId stockId?',
  groupView: 'groupId productIds stockId?',
  addToBasket: 'productId stockId?',
  categoryView: 'categoryId',
  order: 'productId price quantity transaction stockId?',
  search: 'searchPhrase stockId?',
  setContact: 'contactExternalId email? phone? customData? stockId?',
  recomBlockViewed: 'recomBlockId',
  recomTap: 'productId recomBlockId stockId?',
  recomAddToBasket: 'productId recomBlockId stockId?',
  impressionContentViewed: 'impressionContentId',
  impressionContentClicked: 'impressionContentId',
};

/**
 * Whether a value has its field's type: a catalog id is a positive integer up
 * to 2^53 − 1, `productIds` a non-empty array of them, `price`, `quantity` and
 * `discount` finite numbers, `contactExternalId` 1–50 letters and digits,
 * `isInStock` a boolean, `items` an array of `productId price quantity discount?`
 * lines, `params` an object, anything else a non-empty string. Lengths and formats beyond that are the relay's to check
 * (its answer names the field), to keep this tiny.
 */
const fits = (name: string, value: any): boolean =>
  /Ids$/.test(name)
    ? Array.isArray(value) && value.length > 0 && value.every((id) => fits('Id', id))
    : /^(product|group|category|)Id$/.test(name)
      ? Number.isSafeInteger(value) && value > 0
      : /^(price|quantity|discount)$/.test(name)
        ? Number.isFinite(value) && value >= 0
        : name == 'contactExternalId'
          ? /^[A-Za-z0-9]{1,50}$/.test(value)
          : name == 'isInStock'
            ? typeof value == 'boolean'
            : name == 'items'
              ? Array.isArray(value) && value.every((item) => !checkFields('items', item, 'productId price quantity discount?'))
              : name == 'params'
                ? typeof value == 'object'
                : typeof value == 'string' && value != '';

/**
 * Checks a method's fields by hand (no valibot in the browser). Returns why
 * they break the contract, or `undefined` when they keep it. Fields set to
 * `undefined` count as absent, as they would once sent as JSON. `spec` is the
 * method's fields in the form of {@link eventFields}; Retail Rocket's by default.
 */
export function checkFields(method: string, fields: any, spec = eventFields[method as TrackingMethod]): string | undefined {
  const names = spec + ' ';
  if (typeof fields != 'object' || !fields) return 'fields must be an object';
  for (const name in fields) if (fields[name] !== undefined && !names.match(`${name}\\??\\s`)) return name + ' is not a field of ' + method;
  for (const [, name, optional] of names.matchAll(/(\w+)(\??) /g)) {
    const value = fields[name!];
    if (value === undefined ? !optional : !fits(name!, value)) return name + (value === undefined ? ' is required' : ' is invalid: ' + JSON.stringify(value));
  }
}

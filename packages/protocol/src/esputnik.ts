import * as v from 'valibot';

/**
 * eSputnik's (Reteno's) REST tracker: `POST https://tracker.esputnik.com/api/v2`,
 * one JSON event per call, each `{"GeneralInfo": {…}, "<EventName>": {…}}`.
 * These schemas follow the vendor's document: ids and prices are strings,
 * `datetime` is epoch milliseconds, `cookies.sc` is required. Objects are
 * strict: only fields the document names (and rrelay sends) pass, so the local
 * upstream catches a misspelt field. The free-form `tag_*` product fields are
 * not modelled: rrelay never sends them.
 *
 * Where the document contradicts itself: the `StatusCart` example sends prices as
 * numbers but its table types them string (strings here, as for every other
 * price); `PurchasedItems` comes in a cart form (`GUID`) and a one-click form
 * (`Products`): both are allowed, together too, but one of them is required;
 * the `ProductImpressions` body key is `ProductImpression` in the example and
 * `ProductImpressions` in the table (the example's spelling here); `isInStock`
 * is typed int but shown as `"1"` (both taken, `"0"`/`"1"` sent).
 */

const text = (max: number) =>
  v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'), v.maxLength(max, `must be at most ${max} characters`));

/** A product or category key: a non-empty string (rrelay sends catalog ids in decimal). */
const key = text(100);

/** A price as eSputnik wants it: a string, such as `"754"` or `"754 USD"`. */
const priceString = text(40);

const quantity = v.pipe(v.number('must be a number'), v.integer('must be an integer'), v.minValue(1, 'must be positive'));

const isInStock = v.union([v.picklist(['0', '1']), v.picklist([0, 1])], 'must be "0" or "1"');

/** `Tags`: additional fields, each a list of strings. */
const tags = v.record(v.string(), v.array(v.string('must be a string'), 'must be an array of strings'), 'must be an object of string arrays');

const generalInfoEntries = {
  siteId: text(100),
  datetime: v.pipe(v.number('must be a number'), v.integer('must be an integer'), v.minValue(0, 'must not be negative')),
  cookies: v.strictObject({ sc: text(100) }, 'must be an object with the sc cookie'),
  externalCustomerId: v.optional(text(100)),
  user_email: v.optional(text(254)),
  user_phone: v.optional(text(32)),
  user_name: v.optional(text(200)),
  user_es_contact_id: v.optional(text(100)),
};

/** The `GeneralInfo` every event carries, for one event name. */
const generalInfo = <N extends string>(eventName: N) =>
  v.strictObject({ eventName: v.literal(eventName, `must be "${eventName}"`), ...generalInfoEntries }, 'must be an object');

const product = v.strictObject({ productKey: key, price: priceString, isInStock: v.optional(isInStock) }, 'must be an object');

const event = <N extends string, B extends v.GenericSchema>(eventName: N, body: B) =>
  v.strictObject({ GeneralInfo: generalInfo(eventName), [eventName]: body } as { GeneralInfo: ReturnType<typeof generalInfo<N>> } & { [K in N]: B }, 'must be an object');

const purchasedItems = v.pipe(
  v.strictObject(
    {
      GUID: v.optional(key),
      OrderNumber: text(100),
      Products: v.optional(
        v.pipe(
          v.array(v.strictObject({ product_id: key, unit_price: priceString, quantity }, 'must be an object'), 'must be an array'),
          v.minLength(1, 'must not be empty'),
        ),
      ),
      Tags: v.optional(tags),
    },
    'must be an object',
  ),
  v.check((body) => body.GUID !== undefined || body.Products !== undefined, 'must have a GUID (the cart\'s) or Products'),
);

const contactFields = ['externalCustomerId', 'user_email', 'user_phone', 'user_es_contact_id'] as const;

/**
 * One schema per eSputnik event rrelay can send, keyed by `GeneralInfo.eventName`
 * (which is also the body's key, except `ProductImpressions`, see above).
 */
export const esputnikEventSchemas = {
  ProductPage: event('ProductPage', v.strictObject({ Product: product, Tags: v.optional(tags) }, 'must be an object')),
  StatusCart: event(
    'StatusCart',
    v.strictObject(
      {
        GUID: key,
        Products: v.array(
          v.strictObject(
            { productKey: key, price: priceString, discount: v.optional(priceString), quantity, price_currency_code: v.optional(v.pipe(v.string('must be a string'), v.regex(/^[A-Z]{3}$/, 'must be a currency code such as USD'))) },
            'must be an object',
          ),
          'must be an array (empty for an emptied cart)',
        ),
        Tags: v.optional(tags),
      },
      'must be an object',
    ),
  ),
  AddToWishlist: event('AddToWishlist', v.strictObject({ Product: product, Tags: v.optional(tags) }, 'must be an object')),
  PurchasedItems: event('PurchasedItems', purchasedItems),
  ProductImpressions: v.strictObject(
    {
      GeneralInfo: generalInfo('ProductImpressions'),
      ProductImpression: v.strictObject(
        {
          Products: v.pipe(
            v.array(v.strictObject({ product_id: key, container_type: key }, 'must be an object'), 'must be an array'),
            v.minLength(1, 'must not be empty'),
          ),
          Tags: v.optional(tags),
        },
        'must be an object',
      ),
    },
    'must be an object',
  ),
  CategoryPage: event('CategoryPage', v.strictObject({ Category: v.strictObject({ categoryKey: key }, 'must be an object'), Tags: v.optional(tags) }, 'must be an object')),
  CustomerData: v.pipe(
    v.strictObject({ GeneralInfo: generalInfo('CustomerData') }, 'must be an object'),
    v.check(
      (body) => contactFields.some((field) => body.GeneralInfo[field] !== undefined),
      'must name the customer: GeneralInfo needs externalCustomerId, user_email, user_phone or user_es_contact_id',
    ),
  ),
  CustomEvent: event('CustomEvent', v.strictObject({ EventName: text(100), Tags: v.optional(tags) }, 'must be an object')),
  SearchRequest: event('SearchRequest', v.strictObject({ search: text(500) }, 'must be an object')),
} as const;

/** The name of an eSputnik event rrelay sends (`GeneralInfo.eventName`). */
export type EsputnikEventName = keyof typeof esputnikEventSchemas;

/** Every eSputnik event name rrelay sends. */
export const esputnikEventNames = Object.keys(esputnikEventSchemas) as EsputnikEventName[];

/** One eSputnik event as it goes over the wire. */
export type EsputnikEvent<N extends EsputnikEventName = EsputnikEventName> = v.InferOutput<(typeof esputnikEventSchemas)[N]>;

/** eSputnik's `GeneralInfo` (without `eventName`, which the event's kind fixes). */
export type EsputnikGeneralInfo = v.InferOutput<v.StrictObjectSchema<typeof generalInfoEntries, undefined>>;

/** Tells whether a string is an eSputnik event name rrelay sends. */
export function isEsputnikEventName(name: string): name is EsputnikEventName {
  return Object.hasOwn(esputnikEventSchemas, name);
}

/** The outcome of checking one eSputnik event against the document. */
export type EsputnikCheck =
  | { ok: true; eventName: EsputnikEventName; event: EsputnikEvent }
  | { ok: false; path: string; reason: string };

/**
 * Checks one eSputnik event body: `GeneralInfo.eventName` picks the schema, the
 * first problem comes back as a dotted path (e.g. `StatusCart.Products.0.price`)
 * and a reason a developer can act on.
 */
export function checkEsputnikEvent(body: unknown): EsputnikCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, path: '', reason: 'must be a JSON object' };
  const info = (body as { GeneralInfo?: unknown }).GeneralInfo;
  if (typeof info !== 'object' || info === null || Array.isArray(info)) return { ok: false, path: 'GeneralInfo', reason: 'is required and must be an object' };
  const name = (info as { eventName?: unknown }).eventName;
  if (typeof name !== 'string') return { ok: false, path: 'GeneralInfo.eventName', reason: 'is required and must be a string' };
  if (!isEsputnikEventName(name)) return { ok: false, path: 'GeneralInfo.eventName', reason: `${name.slice(0, 60)} is not an event this tracker takes` };
  const result = v.safeParse(esputnikEventSchemas[name], body);
  if (result.success) return { ok: true, eventName: name, event: result.output as EsputnikEvent };
  const issue = result.issues[0];
  const path = (issue.path ?? []).map((item) => String(item.key)).join('.');
  if (issue.expected === 'never') return { ok: false, path, reason: 'is not a field of this event' };
  if (issue.received === 'undefined' && path) return { ok: false, path, reason: 'is required' };
  return { ok: false, path, reason: issue.message };
}

import { readFileSync } from 'node:fs';

/** A category of the feed; `parentId` is absent for a top-level one. */
export interface Category {
  id: number;
  parentId?: number;
  name: string;
}

/** Price and availability of an offer in one stock (region). */
export interface StockOffer {
  available: boolean;
  price: number;
}

/** One `<offer>` of the feed. */
export interface Offer {
  id: number;
  /** `group_id`: the offers that are variants of one product share it. */
  groupId?: number;
  available: boolean;
  price: number;
  categoryId: number;
  /** Path part of the feed's `url`, e.g. `/product/123456`. */
  path: string;
  /** Path part of the feed's `picture`, e.g. `/pictures/123456.svg`. */
  picturePath: string;
  name: string;
  vendor: string;
  description: string;
  /** `<param name="…">` values, e.g. `{ Colour: 'Moss' }`. */
  params: Record<string, string>;
  /** `<stock id="…">` entries by stock id. */
  stocks: Record<string, StockOffer>;
}

/** The store's catalogue as read from its YML feed. */
export interface Catalog {
  shopName: string;
  categories: Category[];
  offers: Offer[];
  /** Every stock id that appears in the feed, in order of first appearance. */
  stockIds: string[];
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => entities[name]!);

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) found[match[1]!] = decode(match[2]!);
  return found;
}

function child(xml: string, name: string): string | undefined {
  const match = xml.match(new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`));
  return match ? decode(match[1]!.trim()) : undefined;
}

function required(xml: string, name: string, offerId: string): string {
  const value = child(xml, name);
  if (value === undefined) throw new Error(`feed: offer ${offerId} has no <${name}>`);
  return value;
}

function positiveId(text: string | undefined, what: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`feed: ${what} "${text}" is not a positive integer`);
  return id;
}

const pathOf = (url: string) => new URL(url).pathname;

/**
 * Reads a feed in Retail Rocket's YML format (the subset this store uses:
 * categories with parents, offers with `group_id`, params and regional
 * `<stock id="…">` entries). Throws naming the offer when the feed is malformed.
 */
export function parseFeed(xml: string): Catalog {
  const shop = child(xml.replace(/<!--[\s\S]*?-->/g, ''), 'shop');
  if (!shop) throw new Error('feed: no <yml_catalog><shop>');
  const categories = [...shop.matchAll(/<category\s([^>]*)>([\s\S]*?)<\/category>/g)].map((match) => {
    const attrs = attributes(match[1]!);
    const category: Category = { id: positiveId(attrs.id, 'category id'), name: decode(match[2]!.trim()) };
    if (attrs.parentId) category.parentId = positiveId(attrs.parentId, 'category parentId');
    return category;
  });
  const stockIds: string[] = [];
  const offers = [...shop.matchAll(/<offer\s([^>]*)>([\s\S]*?)<\/offer>/g)].map((match) => {
    const attrs = attributes(match[1]!);
    const body = match[2]!;
    const id = positiveId(attrs.id, 'offer id');
    const stocks: Record<string, StockOffer> = {};
    for (const stock of body.matchAll(/<stock\s([^>]*)>([\s\S]*?)<\/stock>/g)) {
      const stockId = attributes(stock[1]!).id;
      if (!stockId) throw new Error(`feed: offer ${id} has a <stock> without id`);
      if (!stockIds.includes(stockId)) stockIds.push(stockId);
      stocks[stockId] = { available: child(stock[2]!, 'available') === 'true', price: Number(required(stock[2]!, 'price', `${id}`)) };
    }
    const params: Record<string, string> = {};
    for (const param of body.matchAll(/<param\s([^>]*)>([\s\S]*?)<\/param>/g)) params[attributes(param[1]!).name ?? ''] = decode(param[2]!.trim());
    const outside = body.replace(/<stock\s[\s\S]*?<\/stock>/g, '');
    const offer: Offer = {
      id,
      available: attrs.available === 'true',
      price: Number(required(outside, 'price', `${id}`)),
      categoryId: positiveId(required(outside, 'categoryId', `${id}`), `offer ${id} categoryId`),
      path: pathOf(required(outside, 'url', `${id}`)),
      picturePath: pathOf(required(outside, 'picture', `${id}`)),
      name: required(outside, 'name', `${id}`),
      vendor: child(outside, 'vendor') ?? '',
      description: child(outside, 'description') ?? '',
      params,
      stocks,
    };
    if (attrs.group_id) offer.groupId = positiveId(attrs.group_id, `offer ${id} group_id`);
    return offer;
  });
  return { shopName: child(shop, 'name') ?? '', categories, offers, stockIds };
}

/** The feed shipped with the demo store, `demo-site/feed.yml`. */
export const feedPath = new URL('feed.yml', import.meta.url);

/** Reads and parses the demo store's feed. */
export function loadCatalog(): Catalog {
  return parseFeed(readFileSync(feedPath, 'utf8'));
}

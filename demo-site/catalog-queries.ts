import type { Catalog, Category, Offer } from './catalog.ts';

/** The category and all its descendants' ids. */
export function categoryAndDescendants(catalog: Catalog, categoryId: number): number[] {
  const ids = [categoryId];
  for (let i = 0; i < ids.length; i++) for (const c of catalog.categories) if (c.parentId === ids[i]) ids.push(c.id);
  return ids;
}

/** The offers listed under a category, its subcategories included. */
export function offersInCategory(catalog: Catalog, categoryId: number): Offer[] {
  const ids = categoryAndDescendants(catalog, categoryId);
  return catalog.offers.filter((offer) => ids.includes(offer.categoryId));
}

/** A category's chain from the top level down to itself. */
export function categoryPath(catalog: Catalog, categoryId: number): Category[] {
  const path: Category[] = [];
  for (let c = catalog.categories.find((x) => x.id === categoryId); c; c = catalog.categories.find((x) => x.id === c!.parentId)) path.unshift(c);
  return path;
}

/** The offers that share a `group_id` (the variants of one product). */
export function groupOffers(catalog: Catalog, groupId: number): Offer[] {
  return catalog.offers.filter((offer) => offer.groupId === groupId);
}

/**
 * What a listing shows: one card per product, so variants of a group appear
 * once (as their first offer).
 */
export function listingOffers(offers: Offer[]): Offer[] {
  const seen = new Set<number>();
  return offers.filter((offer) => offer.groupId === undefined || (!seen.has(offer.groupId) && seen.add(offer.groupId)));
}

/** The page path of a listing card: a group's page for variants, else the product's. */
export function listingPath(offer: Offer): string {
  return offer.groupId === undefined ? offer.path : `/group/${offer.groupId}`;
}

/** A group's display name: its first offer's name without the variant suffix after the last comma. */
export function groupName(offer: Offer): string {
  return offer.groupId === undefined ? offer.name : offer.name.replace(/,[^,]*$/, '');
}

/** Offers whose name, vendor, description or category mention every word of the phrase. */
export function searchOffers(catalog: Catalog, phrase: string): Offer[] {
  const words = phrase.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  return catalog.offers.filter((offer) => {
    const category = catalog.categories.find((c) => c.id === offer.categoryId)?.name ?? '';
    const text = `${offer.name} ${offer.vendor} ${offer.description} ${category} ${Object.values(offer.params).join(' ')}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** Price and availability of an offer in the visitor's stock, falling back to the offer's own. */
export function stockOffer(offer: Offer, stockId: string): { price: number; available: boolean } {
  return offer.stocks[stockId] ?? { price: offer.price, available: offer.available };
}

/**
 * The demo's stand-in for Retail Rocket's recommendations: offers of the same
 * top-level category first, then the rest, never the product itself.
 * (A real store would ask Retail Rocket's recommendation API.)
 */
export function relatedOffers(catalog: Catalog, offer: Offer, count: number): Offer[] {
  const top = categoryPath(catalog, offer.categoryId)[0]?.id ?? offer.categoryId;
  const near = offersInCategory(catalog, top);
  const others = catalog.offers.filter((o) => !near.includes(o));
  return listingOffers([...near, ...others].filter((o) => o.id !== offer.id && (o.groupId === undefined || o.groupId !== offer.groupId))).slice(0, count);
}

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadCatalog } from './catalog.ts';
import { productPicture } from './product-picture.ts';

it('draws every product of the feed as a standalone SVG, coloured by its Colour param', () => {
  const catalog = loadCatalog();
  for (const offer of catalog.offers) {
    const svg = productPicture(offer);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 400 300"[^>]*>.*<\/svg>$/s);
    assert.ok(!svg.includes('"C"'), `offer ${offer.id}: colour placeholder left`);
  }
  const moss = catalog.offers.find((o) => o.params.Colour === 'Moss')!;
  assert.ok(productPicture(moss).includes('#5b7b3a'));
});

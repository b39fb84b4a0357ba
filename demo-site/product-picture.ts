import type { Offer } from './catalog.ts';

const colours: Record<string, string> = { Ember: '#d2552d', Glacier: '#3d7ea6', Moss: '#5b7b3a' };
const palette = ['#d2552d', '#3d7ea6', '#5b7b3a', '#c99a2e', '#7a4e8c', '#2f6f6a'];

/** Simple line drawings, one per leaf category, on a 400 × 300 canvas; `C` is the product's colour. */
const drawings: Record<number, string> = {
  11: '<path d="M60 240 L200 70 L340 240 Z" fill="C"/><path d="M200 70 L200 240 M170 240 L200 150 L230 240" stroke="#1d2a33" stroke-width="6" fill="#f7f5f0"/><path d="M40 240 H360" stroke="#1d2a33" stroke-width="6"/>',
  12: '<rect x="70" y="110" width="260" height="110" rx="55" fill="C"/><path d="M120 110 V220 M170 110 V220 M220 110 V220" stroke="#0002" stroke-width="6"/><circle cx="290" cy="165" r="34" fill="#f7f5f0"/>',
  13: '<rect x="120" y="150" width="160" height="90" rx="12" fill="C"/><rect x="105" y="135" width="190" height="20" rx="8" fill="#1d2a33"/><path d="M170 120 Q160 95 175 75 M200 120 Q190 95 205 75 M230 120 Q220 95 235 75" stroke="#1d2a33" stroke-width="5" fill="none"/><path d="M280 175 H320" stroke="#1d2a33" stroke-width="8"/>',
  21: '<path d="M130 80 L170 65 Q200 90 230 65 L270 80 L320 200 L285 210 L270 150 L270 250 H130 L130 150 L115 210 L80 200 Z" fill="C"/><path d="M200 85 V250" stroke="#1d2a33" stroke-width="5"/><path d="M170 65 Q200 40 230 65" stroke="#1d2a33" stroke-width="5" fill="none"/>',
  22: '<path d="M120 90 H200 L210 170 Q290 175 310 210 V240 H110 Z" fill="C"/><path d="M110 225 H310" stroke="#1d2a33" stroke-width="14"/><path d="M150 110 L185 120 M150 135 L190 145" stroke="#f7f5f0" stroke-width="5"/>',
  23: '<path d="M140 70 L175 60 Q200 80 225 60 L260 70 L300 150 L270 160 L260 120 L260 250 H140 L140 120 L130 160 L100 150 Z" fill="C"/><path d="M140 100 H260 M140 130 H260 M140 160 H260 M140 190 H260 M140 220 H260" stroke="#fff4" stroke-width="8"/>',
  31: '<rect x="130" y="80" width="140" height="170" rx="40" fill="C"/><rect x="155" y="160" width="90" height="60" rx="10" fill="#0003"/><path d="M165 80 Q200 40 235 80" stroke="#1d2a33" stroke-width="8" fill="none"/><rect x="140" y="105" width="120" height="22" rx="8" fill="#1d2a33"/>',
  32: '<path d="M80 160 Q200 70 320 160" stroke="#1d2a33" stroke-width="14" fill="none"/><rect x="160" y="125" width="80" height="60" rx="14" fill="C"/><circle cx="200" cy="155" r="18" fill="#f6e27a"/><path d="M200 195 L150 260 H250 Z" fill="#f6e27a" opacity=".5"/>',
  33: '<rect x="160" y="90" width="80" height="160" rx="26" fill="C"/><rect x="175" y="60" width="50" height="36" rx="8" fill="#1d2a33"/><path d="M160 150 H240" stroke="#fff5" stroke-width="10"/>',
};

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * The product's picture as an SVG illustration, drawn from its category and
 * colour, so the demo needs no image files: the feed's `<picture>` URLs point here.
 */
export function productPicture(offer: Offer): string {
  const colour = colours[offer.params.Colour ?? ''] ?? palette[hash(offer.name) % palette.length]!;
  const drawing = (drawings[offer.categoryId] ?? drawings[31]!).replaceAll('"C"', `"${colour}"`);
  const label = offer.params.Size ?? offer.params.Volume;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" role="img" aria-label="${offer.name.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')}">` +
    `<rect width="400" height="300" fill="#ece7dc"/><circle cx="330" cy="60" r="28" fill="#f3d9a4"/>` +
    `<path d="M0 250 L90 190 L150 230 L250 160 L400 250 V300 H0 Z" fill="#dcd4c3"/>` +
    drawing +
    (label ? `<text x="20" y="40" font-family="system-ui,sans-serif" font-size="26" font-weight="700" fill="#1d2a33">${label.replaceAll('<', '&lt;')}</text>` : '') +
    `</svg>`;
}

/** Build-time flag: `true` in `dist/rr.debug.js` and `dist/index.debug.js`, `false` (and compiled away) elsewhere. */
declare const __DEBUG__: boolean;

/** Build-time flag: the `<script>` build includes the store events (cart, wishlist…) for eSputnik (`rr.stores.js`). */
declare const __STORE_EVENTS__: boolean;

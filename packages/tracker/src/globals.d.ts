/** Build-time flag: `true` in `dist/rr.debug.js` and `dist/index.debug.js`, `false` (and compiled away) elsewhere. */
declare const __DEBUG__: boolean;

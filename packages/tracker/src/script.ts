import { createTracker } from './create-tracker.ts';

/**
 * The `<script>` entry: reads `data-partner-id` and `data-endpoint` from its own
 * tag and exposes the tracker as `window.rr`.
 */
const tag = document.currentScript as HTMLScriptElement | null;
const data = tag?.dataset ?? {};
(window as unknown as { rr: unknown }).rr = createTracker({
  partnerId: data.partnerId ?? '',
  endpoint: data.endpoint ?? location.origin,
});

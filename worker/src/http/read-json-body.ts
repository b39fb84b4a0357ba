import { bodyLimit } from 'hono/body-limit';
import { errorResponse } from './json-response.ts';

/** The largest body the relay reads: the 64 KiB beacon limit, with room for a server client's batch. */
export const maxBodyBytes = 256 * 1024;

/**
 * Hono's `bodyLimit`: refuses a body over {@link maxBodyBytes} with 413,
 * by its `Content-Length` or, without one, while it streams in.
 */
export const bodyWithinLimit = bodyLimit({
  maxSize: maxBodyBytes,
  onError: () => errorResponse(413, `body is over ${maxBodyBytes} bytes`, 'body'),
});

/**
 * Reads a request body as JSON whatever its declared type: `sendBeacon` sends
 * `text/plain`, which needs no CORS preflight. Refuses another declared type
 * with 415, and a body that is not UTF-8 or not JSON with 400. Its size is
 * {@link bodyWithinLimit}'s concern.
 */
export async function readJsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const type = request.headers.get('content-type') ?? '';
  if (type && !/^(application\/json|text\/plain)\b/i.test(type)) {
    return { ok: false, response: errorResponse(415, 'must be application/json or text/plain', 'content-type') };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(await request.arrayBuffer());
  } catch {
    return { ok: false, response: errorResponse(400, 'body is not valid UTF-8', 'body') };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, response: errorResponse(400, `body is not valid JSON: ${(error as Error).message}`, 'body') };
  }
}

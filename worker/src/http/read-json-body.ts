import { errorResponse } from './json-response.ts';

/** The largest body the relay reads: the 64 KiB beacon limit, with room for a server client's batch. */
export const maxBodyBytes = 256 * 1024;

/**
 * Reads a request body as JSON whatever its declared type: `sendBeacon` sends
 * `text/plain`, which needs no CORS preflight. Refuses bodies over
 * {@link maxBodyBytes} with 413, and malformed JSON with 400.
 */
export async function readJsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBodyBytes) {
    return { ok: false, response: errorResponse(413, `body is ${declared} bytes; at most ${maxBodyBytes} are accepted`) };
  }
  const type = request.headers.get('content-type') ?? '';
  if (type && !/^(application\/json|text\/plain)\b/i.test(type)) {
    return { ok: false, response: errorResponse(415, 'content-type must be application/json or text/plain') };
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBodyBytes) {
    return { ok: false, response: errorResponse(413, `body is over ${maxBodyBytes} bytes`) };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, response: errorResponse(400, 'body is not valid UTF-8') };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, response: errorResponse(400, `body is not valid JSON: ${(error as Error).message}`) };
  }
}

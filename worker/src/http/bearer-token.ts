import { errorResponse } from './json-response.ts';

/**
 * Checks `Authorization: Bearer <token>` against the `HEALTH_TOKEN` secret in
 * constant time. Returns the refusal to send, or undefined when the token matches.
 */
export async function refuseWithoutToken(request: Request, expected: string | undefined, headers: HeadersInit): Promise<Response | undefined> {
  const challenge = { ...Object.fromEntries(new Headers(headers)), 'www-authenticate': 'Bearer' };
  if (!expected) return errorResponse(401, 'the HEALTH_TOKEN secret is not set on this relay', 'authorization', challenge);
  const given = request.headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1] ?? '';
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([crypto.subtle.digest('SHA-256', encoder.encode(given)), crypto.subtle.digest('SHA-256', encoder.encode(expected))]);
  if (!crypto.subtle.timingSafeEqual(a, b)) return errorResponse(401, 'a valid Authorization: Bearer token is required', 'authorization', challenge);
  return undefined;
}

/** A JSON response with the given status and extra headers. */
export function jsonResponse(status: number, body: unknown, headers?: HeadersInit): Response {
  const response = new Response(JSON.stringify(body), { status, headers });
  response.headers.set('content-type', 'application/json; charset=utf-8');
  return response;
}

/** A JSON error body, `{"error": {"status", "reason", "field"?}}`, for a refused request. */
export function errorResponse(status: number, reason: string, field?: string, headers?: HeadersInit): Response {
  return jsonResponse(status, { error: field === undefined ? { status, reason } : { status, field, reason } }, headers);
}

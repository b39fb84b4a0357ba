/** Environment of the pass-through worker: where to forward, and the key to add. */
interface PassThroughEnv {
  RR_TRACKING_URL: string;
  RR_API_KEY: string;
}

/**
 * A bare pass-through proxy for the benchmark: forwards each request's body to
 * the tracking API with the key added, and answers what the upstream answered.
 */
export default {
  async fetch(request: Request, env: PassThroughEnv): Promise<Response> {
    const incoming = new URL(request.url);
    if (incoming.pathname === '/health') return new Response('ok');
    const target = new URL(incoming.pathname.replace(/^\/1\.0\//, ''), env.RR_TRACKING_URL);
    target.search = incoming.search;
    target.searchParams.set('apiKey', env.RR_API_KEY);
    const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: await request.text() });
    return new Response(upstream.body, { status: upstream.status });
  },
};

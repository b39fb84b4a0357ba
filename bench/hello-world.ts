// The baseline for the latency benchmark: the least a Worker under `wrangler dev` can do.
export default {
  fetch(): Response {
    return new Response('hello world');
  },
};

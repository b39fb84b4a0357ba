import type { IncomingMessage, ServerResponse } from 'node:http';

/** Answers with a status, and a JSON body when one is given. */
export function sendJson(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, body === undefined ? headers : { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** Reads a request's whole body as UTF-8 text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Resolves after `ms` milliseconds: the stand-in's simulated latency. */
export const sleep = (ms: number): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps a call open without answering until its caller goes away, or 60 s at most; then `closed`. */
export function holdOpen(req: IncomingMessage, closed: () => void): void {
  const giveUp = setTimeout(() => req.socket.destroy(), 60_000);
  req.socket.once('close', () => {
    clearTimeout(giveUp);
    closed();
  });
}

/**
 * A tiny loopback server whose every answer the test writes, for the paging
 * edge cases the shared sandbox does not stage (a Count that over- or
 * under-states, a server that ignores $page, a hostile rest_instance_url).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeAnswer {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** Hold the answer this long, so that concurrent requests overlap. */
  delayMs?: number;
}

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  peakInFlight: number;
  close(): Promise<void>;
}

export async function startFakeServer(handler: (req: FakeRequest) => FakeAnswer | Promise<FakeAnswer>): Promise<FakeServer> {
  let inFlight = 0;
  const state: FakeServer = {
    url: '',
    requests: [],
    peakInFlight: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        inFlight++;
        state.peakInFlight = Math.max(state.peakInFlight, inFlight);
        try {
          const fr: FakeRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', state.url), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
          state.requests.push(fr);
          const answer = await handler(fr);
          if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
          const text = answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
          res.writeHead(answer.status ?? 200, { 'content-type': answer.text !== undefined ? 'text/plain' : 'application/json', ...answer.headers });
          res.end(text);
        } catch (e) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(e));
        } finally {
          inFlight--;
        }
      })();
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

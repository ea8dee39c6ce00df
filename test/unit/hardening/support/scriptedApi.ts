/**
 * A loopback server whose answers a test scripts request by request, for
 * the fuzzers that push arbitrary JSON through a provider's whole pipeline
 * (HTTP client, paging, envelope readers, normalizers) rather than through
 * one function at a time.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedAnswer {
  status?: number;
  /** Serialized as JSON unless it is already a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type Script = (request: ScriptedRequest) => ScriptedAnswer;

export interface ScriptedApi {
  readonly url: string;
  /** host:port, as LivePerson's Domain API names hosts. */
  readonly hostPort: string;
  script: Script;
  close(): Promise<void>;
}

export async function startScriptedApi(): Promise<ScriptedApi> {
  let current: Script = () => ({ status: 404, body: { message: 'no script' } });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let answer: ScriptedAnswer;
      try {
        answer = current({
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      } catch (e) {
        answer = { status: 599, body: { message: `script failed: ${e instanceof Error ? e.message : String(e)}` } };
      }
      const text = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...answer.headers });
      res.end(text);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    hostPort: `127.0.0.1:${port}`,
    get script() {
      return current;
    },
    set script(s: Script) {
      current = s;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

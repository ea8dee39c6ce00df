/**
 * The HTTP plumbing: two loopback servers (the main origin with all four
 * APIs at its root, and the "other origin" that serves parked redirect
 * targets), request recording, injected latency, and fault injection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxContext } from './context';
import { apiForPath, errorResponse } from './errorShapes';
import type { Faults, FaultRule } from './faults';
import { requestInfo } from './faults';
import { handleFloQast } from './floqast/routes';
import { bodyBytes, jsonResponse, type SandboxOrigin, type SandboxRequest, type SandboxResponse } from './http';
import { handleLivePerson } from './liveperson/routes';
import { handleSfmc } from './sfmc/routes';
import type { Stats } from './stats';
import { handleUniphore } from './uniphore/routes';

const MAX_REQUEST_BODY = 2 * 1024 * 1024;

function htmlPage(status: number): SandboxResponse {
  const title = status === 200 ? 'Service Temporarily Unavailable' : `${status} Error`;
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>The server is down for maintenance. Please try again later.</p><hr><address>nginx</address></body></html>\n`,
  };
}

export interface ServerParts {
  ctx: SandboxContext;
  faults: Faults;
  stats: Stats;
  latency: () => number;
}

export class SandboxServers {
  private readonly main: Server;
  private readonly other: Server;
  /** Requests held open by the `timeout` fault, released when the sandbox closes. */
  private readonly held = new Set<ServerResponse>();
  /** Pending latency and delay timers: close() ends them, so a closed sandbox keeps no process alive. */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(private readonly parts: ServerParts) {
    this.main = createServer((req, res) => void this.serve(req, res, 'main'));
    this.other = createServer((req, res) => void this.serve(req, res, 'other'));
    for (const server of [this.main, this.other]) {
      // Clients keep connections alive between pages; a short idle timeout keeps close() quick.
      server.keepAliveTimeout = 5000;
    }
  }

  async listen(host: string, port: number, otherPort: number): Promise<{ port: number; otherPort: number }> {
    const listenOn = (server: Server, p: number) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    const mainPort = await listenOn(this.main, port);
    try {
      return { port: mainPort, otherPort: await listenOn(this.other, otherPort) };
    } catch (e) {
      await new Promise<void>((resolve) => this.main.close(() => resolve()));
      throw e;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const res of this.held) res.destroy();
    this.held.clear();
    for (const [timer, wake] of this.timers) {
      clearTimeout(timer);
      wake();
    }
    this.timers.clear();
    await Promise.all(
      [this.main, this.other].map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  private sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse, origin: SandboxOrigin): Promise<void> {
    const { ctx, faults, stats } = this.parts;
    const base = origin === 'main' ? ctx.url : ctx.otherUrl;
    const rawUrl = req.url ?? '/';
    let url: URL;
    try {
      url = new URL(rawUrl, base);
    } catch {
      url = new URL('/', base);
    }
    const path = url.pathname;
    const provider = origin === 'main' ? apiForPath(path) : ctx.redirects.get(path)?.provider;
    const seen = stats.begin({
      method: req.method ?? 'GET',
      url: rawUrl,
      path,
      headers: { ...req.headers },
      origin,
      port: req.socket.localPort ?? 0,
      ...(provider ? { provider } : {}),
    });
    res.on('finish', () => stats.end(seen, res.statusCode));
    res.on('close', () => stats.end(seen));
    try {
      const body = await readBody(req);
      const request: SandboxRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        rawUrl,
        url,
        path,
        query: url.searchParams,
        headers: req.headers,
        body: body ?? Buffer.alloc(0),
        origin,
      };
      if (body === undefined) return send(res, errorResponse(provider, path, 413, { message: 'Request body too large' }));
      const latency = this.parts.latency();
      if (latency > 0) await this.sleep(latency);
      const info = requestInfo(request);
      await faults.runHooks(info);
      const fault = faults.takeFault(info);
      if (fault) {
        seen.fault = fault.kind;
        await this.serveFault(request, res, fault);
        return;
      }
      send(res, this.route(request));
    } catch (e) {
      if (!res.headersSent && !res.destroyed) {
        send(res, jsonResponse(500, { status: 500, error: 'Internal Server Error', message: `sandbox: ${(e as Error).message}` }));
      }
    }
  }

  private route(request: SandboxRequest): SandboxResponse {
    const { ctx } = this.parts;
    if (request.origin === 'other') {
      const parked = ctx.redirects.get(request.path);
      return parked ? parked.response : jsonResponse(404, { message: 'No such object', name: 'NotFound', status: 404 });
    }
    return (
      handleSfmc(request, ctx) ??
      handleLivePerson(request, ctx) ??
      handleUniphore(request, ctx) ??
      handleFloQast(request, ctx) ??
      jsonResponse(404, { status: 404, error: 'Not Found', message: `The sandbox serves no ${request.method} ${request.path}`, path: request.path })
    );
  }

  private async serveFault(request: SandboxRequest, res: ServerResponse, fault: FaultRule): Promise<void> {
    const { ctx } = this.parts;
    const api = request.origin === 'main' ? apiForPath(request.path) : ctx.redirects.get(request.path)?.provider;
    const withMessage = fault.message !== undefined ? { message: fault.message } : {};
    const retryAfter = fault.retryAfter ?? 1;
    switch (fault.kind) {
      case '429':
        return send(res, errorResponse(api, request.path, 429, { ...withMessage, retryAfter, headers: { 'retry-after': String(retryAfter) } }));
      case '429-date': {
        // HTTP dates have whole seconds: round up so the client never waits less than asked.
        const at = new Date(Math.ceil((Date.now() + retryAfter * 1000) / 1000) * 1000);
        return send(res, errorResponse(api, request.path, 429, { ...withMessage, headers: { 'retry-after': at.toUTCString() } }));
      }
      case '429-none':
        return send(res, errorResponse(api, request.path, 429, { ...withMessage, ...(api === 'sfmc' ? { code: 50200, message: fault.message ?? 'Temporarily blocked' } : {}) }));
      case '500':
      case '502':
      case '503':
      case '401':
      case '403':
      case '413':
        return send(res, errorResponse(api, request.path, Number(fault.kind), withMessage));
      case 'html':
        return send(res, htmlPage(fault.status ?? 200));
      case 'empty':
        return send(res, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '' });
      case 'slow':
        await this.sleep(fault.delayMs ?? 1000);
        return send(res, this.route(request));
      case 'timeout':
        if (fault.delayMs !== undefined) {
          await this.sleep(fault.delayMs);
          return send(res, this.route(request));
        }
        this.held.add(res);
        res.on('close', () => this.held.delete(res));
        return;
      case 'expire-tokens':
        ctx.tokens.expireAll();
        return send(res, this.route(request));
      case 'malformed': {
        const bytes = bodyBytes(this.route(request));
        const cut = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
        return send(res, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: cut.length ? cut : '{"' });
      }
      case 'reset': {
        const real = this.route(request);
        const bytes = bodyBytes(real);
        res.writeHead(real.status, { ...real.headers, 'content-length': String(Math.max(bytes.length, 2)) });
        const half = bytes.subarray(0, Math.floor(bytes.length / 2));
        res.write(half.length ? half : '{', () => {
          // Let the partial body reach the client before the connection dies.
          setTimeout(() => res.socket?.destroy(), 5);
        });
        return;
      }
      case '303':
      case '307': {
        const real = this.route(request);
        const target = `${ctx.otherUrl}${ctx.redirects.park(real, api)}`;
        const status = Number(fault.kind);
        return send(res, jsonResponse(status, { data: { url: target } }, { location: target }));
      }
    }
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_REQUEST_BODY) return undefined;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, response: SandboxResponse): void {
  if (res.destroyed || res.headersSent) return;
  const body = bodyBytes(response);
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  res.end(body);
}

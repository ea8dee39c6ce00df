/**
 * A small scripted LivePerson for unit tests: Domain API, sentinel app
 * tokens, agentVep login and the audit call, on one loopback origin, with
 * knobs for the cases the sandbox doesn't script (odd Domain API answers).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kind, parse, type FieldNode, type OperationDefinitionNode, type ValueNode } from 'graphql';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface AuditArgs {
  [name: string]: unknown;
}

function plain(v: ValueNode): unknown {
  if (v.kind === Kind.LIST) return v.values.map(plain);
  if (v.kind === Kind.INT) return Number(v.value);
  if (v.kind === Kind.STRING || v.kind === Kind.ENUM) return v.value;
  if (v.kind === Kind.BOOLEAN) return v.value;
  return null;
}

export class ScriptedLivePerson {
  readonly seen: SeenRequest[] = [];
  readonly auditArgs: AuditArgs[] = [];
  /** Newest first. */
  rows: Record<string, unknown>[] = [];
  /** What the Domain API answers as baseURI, by service; default this server's host. */
  domainAnswers = new Map<string, unknown>();
  validTokens = new Set<string>();
  issued = 0;
  sessionTtlMs = 3_600_000;
  graphQlError: string | undefined;
  private server!: Server;
  host = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const url = new URL(req.url ?? '/', 'http://x');
        const send = (status: number, payload: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(payload));
        };
        const domain = /^\/api\/account\/([^/]+)\/service\/([^/]+)\/baseURI\.json$/.exec(url.pathname);
        if (domain && req.method === 'GET') {
          const service = decodeURIComponent(domain[2] as string);
          const answer = this.domainAnswers.has(service) ? this.domainAnswers.get(service) : this.host;
          return send(200, { service, account: domain[1], baseURI: answer });
        }
        if (/^\/sentinel\/api\/account\/[^/]+\/app\/token$/.test(url.pathname) && req.method === 'POST') {
          const form = new URLSearchParams(body);
          if (form.get('client_secret') !== 'lp-client-secret' || form.get('grant_type') !== 'client_credentials') return send(401, { error: 'invalid_client' });
          const token = `app-token-${++this.issued}`;
          this.validTokens.add(token);
          return send(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
        }
        if (/^\/api\/account\/[^/]+\/login$/.test(url.pathname) && req.method === 'POST') {
          const creds = JSON.parse(body) as { username?: string; password?: string };
          if (creds.password !== 'lp-password') return send(401, { message: 'Invalid credentials' });
          const token = `login-token-${++this.issued}`;
          this.validTokens.add(token);
          return send(200, { bearer: token, csrf: 'csrf-value-1234', sessionTTl: String(this.sessionTtlMs) });
        }
        if (/^\/api\/account\/[^/]+\/configuration\/metadata\/audit$/.test(url.pathname) && req.method === 'POST') {
          const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
          if (!this.validTokens.has(token)) return send(401, { message: 'Not Authenticated' });
          const query = (JSON.parse(body) as { query: string }).query;
          const op = parse(query).definitions[0] as OperationDefinitionNode;
          const field = op.selectionSet.selections[0] as FieldNode;
          const args: AuditArgs = {};
          for (const a of field.arguments ?? []) args[a.name.value] = plain(a.value);
          this.auditArgs.push(args);
          if (this.graphQlError) return send(200, { errors: [{ message: this.graphQlError }], data: null });
          const offset = Number(args.offset ?? 0);
          const first = Number(args.first ?? 50);
          return send(200, { data: { auditData: this.rows.slice(offset, offset + first) } });
        }
        send(404, { message: 'no such route' });
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return `http://${this.host}`;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  revokeAll(): void {
    this.validTokens.clear();
  }

  requestsTo(pathPattern: RegExp): SeenRequest[] {
    return this.seen.filter((s) => pathPattern.test(s.url));
  }
}

/** Rows as LivePerson sends them, newest first, one a minute back from the given wall time. */
export function makeRows(count: number): Record<string, unknown>[] {
  const start = Date.UTC(2024, 5, 30, 12, 0, 0);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(start - i * 60_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return {
      accountId: 'le123',
      objectType: i % 3 === 0 ? 'Skills' : 'Users',
      objectName: `object-${i}`,
      element: 'Name',
      oldValue: `old-${i}`,
      newValue: `new-${i}`,
      originator: 'Admin',
      originatorLoginName: 'admin',
      originatorUserId: '42',
      originatorIsLpa: false,
      changeDate: `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:00.0`,
    };
  });
}

/**
 * Issue 7's secret-leak suite, extension side, in the real workbench. Known
 * secrets are configured for all four providers and every auth method (the
 * sandbox's demo credentials, plus one deliberately wrong secret per
 * provider and method), then every extension flow runs, through its success
 * and its error paths: add (wizard and arguments), edit, replace secret /
 * sign in again, refresh and the expanded tree, queries that fail with 401,
 * 403 and 5xx whose bodies echo the credential and the token the sandbox
 * issued, HTML pages echoing the credential (from a loopback server of this
 * suite, in place of each API and token endpoint), Open Record as JSON raw
 * and normalized, Compare Records, Export in three formats, Open Audit Log
 * Item by ID, and the publish-error investigation with its definition diff.
 *
 * Then everything the extension produced is scanned for every secret and
 * every issued token, in every spelling they travel in: the Audit Lens log
 * (what the channel was given, and the log files under the extension's
 * logUri), every open text document, the exported files, every message the
 * timeline host posted to the webview, every message shown, every tree item
 * (label, description, tooltip), globalState, the settings and the
 * extension's storage (the timeline snapshot). Zero hits.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { QueryOutcome } from '../../../src/extension/commands/queryCommands';
import type { DiffOutcome, InvestigationOutcome } from '../../../src/extension/publishErrors/publishErrorCommands';
import type { TreeNode } from '../../../src/extension/tree/nodes';
import type { HostToWebview } from '../../../src/protocol';
import type { RuleHandle } from '../../../src/sandbox/faults';
import { DEMO, DEMO_SECRETS } from '../../../src/sandbox/demoCredentials';
import { api, children, closeAllEditors, itemOf, reset, runWith, sandbox, shownSince } from './helpers';

/** Deliberately wrong secrets, one per provider and auth method: distinctive, so any echo of them is found. */
const WRONG = {
  sfmc: 'wrong-sfmc-secret-5d2a91c4',
  lpBearer: 'wrong-lp-bearer-8e4c07aa',
  lpClientSecret: 'wrong-lp-client-secret-31f0',
  lpPassword: 'wrong-lp-password-c72e',
  uniToken: 'wrong-uniphore-token-9b6d',
  uniClientSecret: 'wrong-uniphore-secret-04e8',
  fqKey: 'wrong-floqast-key-e1a7d3',
} as const;

const CONFIGURED: readonly string[] = [...DEMO_SECRETS, ...Object.values(WRONG)];

/** Every spelling a secret travels in: as is, in a URL, in a form body, inside a JSON string. */
function spellings(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)])];
}

/** A server message that echoes credentials back in every spelling. */
function echo(...secrets: string[]): string {
  return `credential rejected: ${secrets.flatMap(spellings).join(' | ')}`;
}

/** Every credential the sandbox saw: bearer tokens it issued (and the ones configured), API keys. */
function credentialsSeen(requests: readonly { headers: Record<string, string | string[] | undefined> }[]): string[] {
  const found = new Set<string>();
  for (const r of requests) {
    const auth = r.headers.authorization;
    if (typeof auth === 'string') {
      const token = auth.replace(/^(bearer|basic)\s+/i, '').trim();
      if (token.length >= 8) found.add(token);
    }
    const key = r.headers['x-api-key'];
    if (typeof key === 'string' && key.length >= 8) found.add(key);
  }
  return [...found];
}

/**
 * A loopback server that answers everything with an HTML page quoting the
 * request: its Authorization and API key headers, its URL and its body (a
 * token request's client secret or password). It stands in for an API or a
 * token endpoint whose error page echoes the credential.
 */
async function startEchoServer(): Promise<{ url: string; status: { code: number }; seen: { headers: Record<string, string | string[] | undefined> }[]; close(): Promise<void> }> {
  const status = { code: 200 };
  const seen: { headers: Record<string, string | string[] | undefined> }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers });
      const quoted = [req.headers.authorization, req.headers['x-api-key'], req.url, Buffer.concat(chunks).toString('utf8')].filter(Boolean).join(' ');
      const body = `<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Gateway error</h1><pre>${quoted}</pre></body></html>`;
      res.writeHead(status.code, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    status,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every file under a directory (bounded), as text. */
function filesUnder(dir: string, out: { path: string; text: string }[] = [], depth = 0): { path: string; text: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory() && depth < 6) filesUnder(p, out, depth + 1);
    else if (st.isFile() && st.size < 64 * 1024 * 1024) out.push({ path: p, text: readFileSync(p, 'utf8') });
  }
  return out;
}

function treeItemText(item: vscode.TreeItem): string {
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  const tooltip = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
  return [label, String(item.description ?? ''), tooltip, JSON.stringify(item.command?.arguments ?? [])].join('\n');
}

suite('secret leaks: every extension flow, every output, zero hits', function () {
  // Persistent 5xx pages go through the whole retry budget (a few seconds each).
  this.timeout(120_000);

  const posted: HostToWebview[] = [];
  const treeTexts: string[] = [];
  const exported: string[] = [];
  const faults: RuleHandle[] = [];
  let tap: { dispose(): void } | undefined;
  let echoServer: Awaited<ReturnType<typeof startEchoServer>>;
  let shownFrom = 0;
  let logFrom = 0;
  let exportDir = '';
  const ids: Record<string, string> = {};

  suiteSetup(async () => {
    await reset();
    const a = await api();
    echoServer = await startEchoServer();
    exportDir = mkdtempSync(join(tmpdir(), 'audit-lens-leak-'));
    shownFrom = a.services.prompter.shown.length;
    logFrom = a.services.log.recent.length;
    tap = a.services.timeline.onDidPostMessage((m) => posted.push(m));
  });

  suiteTeardown(async () => {
    tap?.dispose();
    for (const f of faults) f.remove();
    await echoServer?.close();
    await closeAllEditors();
    await reset();
  });

  /** Adds a connection through the command (which tests it first); a failing test is saved anyway. */
  async function add(key: string, provider: string, settings: Record<string, string>, secrets: Record<string, string>, failing = false): Promise<void> {
    const id = await runWith<string>('auditLens.addConnection', failing ? ['Save anyway'] : [], { provider, label: `Leak ${key}`, settings, secrets });
    assert.ok(id, `${key} was saved`);
    ids[key] = id;
  }

  /** Runs a command that is expected to fail: its error is shown (and scanned later), never thrown. */
  async function failing(command: string, answers: unknown[], ...args: unknown[]): Promise<void> {
    const a = await api();
    a.services.prompter.clearScript();
    a.services.prompter.answer(...(answers as never[]));
    const before = a.services.prompter.shown.length;
    await vscode.commands.executeCommand(command, ...args);
    a.services.prompter.clearScript();
    assert.ok(a.services.prompter.shown.slice(before).some((m) => m.severity === 'error'), `${command} showed its error`);
  }

  /**
   * Queries the connections: SFMC ones one at a time on one journey (a
   * query of several connections asks each SFMC one for its journey), the
   * others together, everything they hold.
   */
  async function query(connectionKeys: string[], expected: QueryOutcome['status']): Promise<QueryOutcome[]> {
    const a = await api();
    const sfmc = connectionKeys.filter((k) => k.startsWith('sfmc'));
    const others = connectionKeys.filter((k) => !k.startsWith('sfmc'));
    const runs: { keys: string[]; args: object }[] = [
      ...sfmc.map((k) => ({ keys: [k], args: { scope: { type: 'journey', id: 'key:welcome-series', name: 'Welcome Series' }, action: 'all' } })),
      ...(others.length ? [{ keys: others, args: { scope: null } }] : []),
    ];
    const outcomes: QueryOutcome[] = [];
    for (const run of runs) {
      a.services.prompter.clearScript();
      const outcome = await vscode.commands.executeCommand<QueryOutcome>('auditLens.queryRecords', {
        connectionIds: run.keys.map((k) => ids[k]!),
        range: { from: '2000-01-01', to: new Date(Date.now() + 86400_000).toISOString().slice(0, 10) },
        ...run.args,
      });
      assert.equal(a.services.prompter.pendingAnswers, 0);
      assert.equal(outcome?.status, expected, `${run.keys.join(', ')}: ${JSON.stringify(outcome?.failures)}`);
      outcomes.push(outcome);
    }
    return outcomes;
  }

  test('add (wizard and arguments) every provider and auth method, with right and wrong secrets', async () => {
    const { url } = await sandbox();
    const echoUrl = echoServer.url;
    // The wizard, typed answer by answer.
    ids.fqWizard = await runWith<string>('auditLens.addConnection', ['FloQast', 'Leak FloQast wizard', 'us', url, DEMO.floqast.apiKey]);
    ids.lpLoginWizard = await runWith<string>('auditLens.addConnection', [
      'LivePerson',
      'Leak LivePerson login wizard',
      DEMO.liveperson.accountId,
      'login',
      DEMO.liveperson.username,
      DEMO.liveperson.password,
      url,
      '',
      'true',
      'true',
      'string',
    ]);

    const sfmc = { authBaseUrl: url, clientId: DEMO.sfmc.clientId, accountId: DEMO.sfmc.accountId };
    const lp = { accountId: DEMO.liveperson.accountId, domainApi: url };
    const uniClient = { baseUrl: url, authMethod: 'client', tokenUrl: `${url}${DEMO.uniphore.tokenPath}`, clientId: DEMO.uniphore.clientId, audience: DEMO.uniphore.audience };
    await add('sfmc', 'sfmc', sfmc, { clientSecret: DEMO.sfmc.clientSecret });
    await add('lpBearer', 'liveperson', { ...lp, authMethod: 'bearer' }, { bearer: DEMO.liveperson.bearer });
    await add('lpClient', 'liveperson', { ...lp, authMethod: 'client', clientId: DEMO.liveperson.clientId }, { clientSecret: DEMO.liveperson.clientSecret });
    await add('lpLogin', 'liveperson', { ...lp, authMethod: 'login', username: DEMO.liveperson.username }, { password: DEMO.liveperson.password });
    await add('uniToken', 'uniphore', { baseUrl: url, authMethod: 'token' }, { token: DEMO.uniphore.token });
    await add('uniClient', 'uniphore', uniClient, { clientSecret: DEMO.uniphore.clientSecret });
    await add('fq', 'floqast', { baseUrl: url }, { apiKey: DEMO.floqast.apiKey });

    // Wrong secrets: the connection test fails (its message is shown in the question), then "Save anyway".
    await add('sfmcWrong', 'sfmc', sfmc, { clientSecret: WRONG.sfmc }, true);
    await add('lpBearerWrong', 'liveperson', { ...lp, authMethod: 'bearer' }, { bearer: WRONG.lpBearer }, true);
    await add('lpClientWrong', 'liveperson', { ...lp, authMethod: 'client', clientId: DEMO.liveperson.clientId }, { clientSecret: WRONG.lpClientSecret }, true);
    await add('lpLoginWrong', 'liveperson', { ...lp, authMethod: 'login', username: DEMO.liveperson.username }, { password: WRONG.lpPassword }, true);
    await add('uniTokenWrong', 'uniphore', { baseUrl: url, authMethod: 'token' }, { token: WRONG.uniToken }, true);
    await add('uniClientWrong', 'uniphore', uniClient, { clientSecret: WRONG.uniClientSecret }, true);
    await add('fqWrong', 'floqast', { baseUrl: url }, { apiKey: WRONG.fqKey }, true);

    // Servers (and token endpoints) whose error page echoes the request, credential included.
    await add('sfmcEcho', 'sfmc', { ...sfmc, authBaseUrl: echoUrl }, { clientSecret: DEMO.sfmc.clientSecret }, true);
    await add('lpEcho', 'liveperson', { ...lp, domainApi: echoUrl, authMethod: 'bearer' }, { bearer: DEMO.liveperson.bearer }, true);
    await add('uniTokenEcho', 'uniphore', { baseUrl: echoUrl, authMethod: 'token' }, { token: DEMO.uniphore.token }, true);
    await add('uniClientEcho', 'uniphore', { ...uniClient, tokenUrl: `${echoUrl}${DEMO.uniphore.tokenPath}` }, { clientSecret: DEMO.uniphore.clientSecret }, true);
    await add('fqEcho', 'floqast', { baseUrl: echoUrl }, { apiKey: DEMO.floqast.apiKey }, true);
    assert.ok(echoServer.seen.length >= 5, 'the echo server answered the connection tests');
  });

  test('edit, replace secret and sign in again, through the wizard and through arguments', async () => {
    const a = await api();
    const { url } = await sandbox();
    assert.equal(await runWith('auditLens.editConnection', ['Leak FloQast wizard (edited)', 'us', url], { connectionId: ids.fqWizard }), true);
    assert.equal(await runWith('auditLens.editConnection', [], { connectionId: ids.sfmc, label: 'Leak sfmc (edited)', settings: { timeZone: '-06:00' } }), true);
    // A wrong secret fails its test (the message shows in the question); Escape keeps the stored one.
    await runWith('auditLens.replaceSecret', [WRONG.fqKey, undefined], { connectionId: ids.fqWizard });
    assert.deepEqual(await a.services.store.getSecrets(ids.fqWizard!), { apiKey: DEMO.floqast.apiKey });
    assert.equal(await runWith('auditLens.replaceSecret', [DEMO.floqast.apiKey], { connectionId: ids.fqWizard }), true);
    assert.equal(await runWith('auditLens.signInAgain', [DEMO.liveperson.password], { connectionId: ids.lpLoginWizard }), true);
    assert.equal(await runWith('auditLens.signInAgain', [], { connectionId: ids.uniClient, secrets: { clientSecret: DEMO.uniphore.clientSecret } }), true);
    await runWith('auditLens.signInAgain', [WRONG.uniToken, undefined], { connectionId: ids.uniToken });
    await runWith('auditLens.signInAgain', [WRONG.lpClientSecret, undefined], { connectionId: ids.lpClient });
    await runWith('auditLens.signInAgain', [WRONG.sfmc, undefined], { connectionId: ids.sfmc });
  });

  test('refresh, then expand the whole tree: connected, auth-failed and error nodes', async () => {
    await runWith('auditLens.refresh', []);
    const walk = async (node: TreeNode | undefined, depth: number): Promise<void> => {
      const kids = await children(node);
      for (const kid of kids.slice(0, depth === 0 ? 50 : depth === 1 ? 50 : 4)) {
        treeTexts.push(treeItemText(await itemOf(kid)));
        const item = await itemOf(kid);
        if (depth < 3 && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) await walk(kid, depth + 1);
      }
    };
    await walk(undefined, 0);
    const text = treeTexts.join('\n');
    assert.ok(treeTexts.length > 20, 'the tree was expanded');
    assert.match(text, /Leak fqWrong/);
    assert.ok(treeTexts.some((t) => /401|Unauthorized|refused|invalid/i.test(t)), 'a wrong secret shows as a failed node');
  });

  test('queries: complete ones, and failures (401, 403 and 5xx echoing the credential and the issued token, HTML pages)', async () => {
    const sb = await sandbox();
    const complete = await query(['sfmc', 'lpBearer', 'lpClient', 'lpLogin', 'uniToken', 'uniClient', 'fq'], 'complete');
    assert.ok(complete.every((o) => o.records > 0));

    // Wrong secrets: 401s at sign-in or on the first page.
    await query(['sfmcWrong', 'lpBearerWrong', 'lpClientWrong', 'lpLoginWrong', 'uniTokenWrong', 'uniClientWrong', 'fqWrong'], 'incomplete');

    // HTML pages echoing the request, with 200 and with 401 and 500.
    for (const code of [200, 401, 500]) {
      echoServer.status.code = code;
      await query(['sfmcEcho', 'lpEcho', 'uniTokenEcho', 'uniClientEcho', 'fqEcho'], 'incomplete');
    }
    echoServer.status.code = 200;

    // The audit APIs echo every configured secret and whatever bearer token the request carried (issued tokens are secrets too).
    const auditPaths = [/\/audit\//, /configuration\/metadata\/audit/, /^\/audit_log/, /^\/api\/v1\/audit-trail/];
    for (const kind of ['401', '403', '503'] as const) {
      for (const path of auditPaths) {
        faults.push(
          sb.faults.onRequest({ path, times: Infinity }, (request) => {
            const token = String(request.headers.authorization ?? request.headers['x-api-key'] ?? '').replace(/^bearer\s+/i, '');
            faults.push(sb.faults.add({ path, kind, message: echo(token, ...CONFIGURED), times: 1 }));
          }),
        );
      }
      await query(['sfmc', 'lpBearer', 'lpClient', 'lpLogin', 'uniToken', 'uniClient', 'fq'], 'incomplete');
      for (const f of faults.splice(0)) f.remove();
    }
    // LivePerson's token and login endpoints refuse, echoing every configured secret.
    for (const path of [/^\/sentinel\/api\//, /^\/api\/account\/[^/]+\/login/]) {
      faults.push(sb.faults.add({ path, kind: '401', message: echo(...CONFIGURED), times: Infinity }));
    }
    await runWith('auditLens.refresh', []);
    await query(['lpClient', 'lpLogin'], 'incomplete');
    for (const f of faults.splice(0)) f.remove();
    // An HTML page (the sandbox's own) on a later page, and an expiry in mid-run of a pasted token.
    faults.push(sb.faults.add({ path: /^\/api\/v1\/audit-trail/, kind: 'html', skip: 1, times: Infinity }));
    faults.push(sb.faults.add({ path: /^\/audit_log/, kind: '401', message: echo(DEMO.uniphore.token), skip: 1, times: Infinity }));
    await query(['uniToken', 'fq'], 'incomplete');
    for (const f of faults.splice(0)) f.remove();
  });

  test('Open Record as JSON (raw and normalized), Compare Records, Export Results in JSONL, JSON and CSV', async () => {
    const a = await api();
    const [sfmc] = await query(['sfmc'], 'complete');
    assert.ok(sfmc!.records > 1);
    const sfmcRecords = a.queries.currentRecords();
    await runWith('auditLens.openRecordJson', [], sfmcRecords[0], 'raw');
    await runWith('auditLens.openRecordJson', [], sfmcRecords[0], 'normalized');
    const [outcome] = await query(['lpLogin', 'uniClient', 'fq'], 'complete');
    assert.ok(outcome!.records > 4);
    const records = a.queries.currentRecords();
    const one = new Map(records.map((r) => [r.provider, r]));
    for (const r of one.values()) {
      await runWith('auditLens.openRecordJson', [], r, 'raw');
      await runWith('auditLens.openRecordJson', [], r, 'normalized');
    }
    await runWith('auditLens.openRecordJson', [0, 'Raw']);
    assert.equal(await runWith('auditLens.compareRecords', [0, 0]), true);
    assert.equal(await runWith('auditLens.compareRecords', [], records[0], records.at(-1), 'raw'), true);
    for (const [label, ext] of [['JSON Lines (.jsonl)', 'jsonl'], ['JSON (.json)', 'json'], ['CSV (.csv)', 'csv']] as const) {
      const file = join(exportDir, `export.${ext}`);
      assert.equal(await runWith('auditLens.exportResults', [label, file]), file);
      exported.push(file);
    }
  });

  test('Open Audit Log Item by ID: found, refused (wrong token) and an error body echoing the credential', async () => {
    const sb = await sandbox();
    const item = sb.truth.uniphore.items()[0]!;
    await runWith('auditLens.openById', [String(item.id)], { connectionId: ids.uniClient });
    await runWith('auditLens.openById', [], { connectionId: ids.uniToken, id: item.id });
    await failing('auditLens.openById', [String(item.id)], { connectionId: ids.uniTokenWrong });
    await failing('auditLens.openById', [String(item.id)], { connectionId: ids.uniClientEcho });
    const f = sb.faults.add({ path: /^\/audit_log\//, kind: '500', message: echo(...CONFIGURED), times: Infinity });
    try {
      await failing('auditLens.openById', [String(item.id)], { connectionId: ids.uniClient });
    } finally {
      f.remove();
    }
  });

  test('publish errors: the investigation and the definition diff, and both failing', async () => {
    const sb = await sandbox();
    const journey = { journey: 'key:welcome-series', journeyName: 'Welcome Series' };
    const outcome = await runWith<InvestigationOutcome>('auditLens.investigatePublishErrors', [], { connectionId: ids.sfmc, ...journey });
    assert.equal(outcome.status, 'complete');
    const diff = await runWith<DiffOutcome>('auditLens.compareWithLastSuccessfulVersion', [], { connectionId: ids.sfmc, ...journey, version: 5, baseVersion: 4 });
    for (const uri of [diff.left, diff.right]) await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    await failing('auditLens.investigatePublishErrors', [], { connectionId: ids.sfmcWrong, ...journey });
    await failing('auditLens.investigatePublishErrors', [], { connectionId: ids.sfmcEcho, ...journey });
    const f = sb.faults.add({ path: /^\/interaction\/v1\/interactions/, kind: '403', message: echo(...CONFIGURED), times: Infinity });
    try {
      await failing('auditLens.investigatePublishErrors', [], { connectionId: ids.sfmc, ...journey });
      await failing('auditLens.compareWithLastSuccessfulVersion', [], { connectionId: ids.sfmc, ...journey, version: 5, baseVersion: 4 });
    } finally {
      f.remove();
    }
  });

  test('zero hits: no secret and no issued token in anything the extension produced', async () => {
    const a = await api();
    const sb = await sandbox();
    const tokens = credentialsSeen([...sb.stats.requests, ...echoServer.seen]);
    const secrets = [...new Set([...CONFIGURED, ...tokens])];
    assert.ok(tokens.length > CONFIGURED.length / 2, `the sandbox saw credentials (${tokens.length})`);
    assert.ok(
      tokens.some((t) => !CONFIGURED.includes(t)),
      'tokens the sandbox issued (not only configured ones) are among the values scanned for',
    );

    const places: { where: string; text: string }[] = [];
    // The log: what the channel was given, and the files VS Code wrote it to.
    places.push({ where: 'log lines', text: a.services.log.recent.slice(logFrom).join('\n') });
    const logFiles = filesUnder(a.services.context.logUri.fsPath);
    assert.ok(
      logFiles.some((f) => f.text.includes('Query cancelled') || f.text.includes('Query failed for')),
      `the Audit Lens log file was found under ${a.services.context.logUri.fsPath} (${logFiles.map((f) => f.path).join(', ')})`,
    );
    for (const f of logFiles) places.push({ where: `log file ${f.path}`, text: f.text });
    // Messages shown, with their actions.
    const shown = await shownSince(shownFrom);
    assert.ok(shown.filter((m) => m.severity === 'error').length >= 10, 'the error paths ran');
    places.push({ where: 'messages shown', text: JSON.stringify(shown) });
    // Open documents (records, definitions, diffs) and exported files.
    const docs = vscode.workspace.textDocuments;
    assert.ok(docs.filter((d) => d.uri.scheme === 'audit-lens').length >= 6, 'record and definition documents are open');
    for (const d of docs) places.push({ where: `document ${d.uri.toString()}`, text: d.getText() });
    assert.equal(exported.length, 3);
    for (const f of exported) places.push({ where: `exported ${f}`, text: readFileSync(f, 'utf8') });
    // What the timeline host posted to the webview.
    assert.ok(posted.some((m) => m.kind === 'notification' && m.state.status === 'incomplete'), 'the timeline was told of failures');
    places.push({ where: 'webview messages', text: JSON.stringify(posted) });
    places.push({ where: 'timeline state', text: JSON.stringify(a.services.timeline.sessionState) });
    // The tree, as it was expanded and as it is now (auth-failed and error nodes included).
    places.push({ where: 'tree items', text: treeTexts.join('\n') });
    // globalState, settings and the extension's own storage (the timeline snapshot).
    const state = a.services.context.globalState;
    assert.ok((state.get<unknown[]>('auditLens.recentQueries') ?? []).length > 0, 'the recent queries are in what is scanned');
    places.push({ where: 'globalState', text: JSON.stringify(state.keys().map((k) => [k, state.get(k)])) });
    places.push({ where: 'settings', text: JSON.stringify(vscode.workspace.getConfiguration('auditLens')) });
    for (const dir of [a.services.context.globalStorageUri, a.services.context.storageUri]) {
      if (dir) for (const f of filesUnder(dir.fsPath)) places.push({ where: `storage ${f.path}`, text: f.text });
    }

    const hits: string[] = [];
    for (const { where, text } of places) {
      for (const secret of secrets) {
        for (const form of spellings(secret)) {
          const at = text.indexOf(form);
          if (at >= 0) hits.push(`${where}: ${form.slice(0, 6)}… in "${text.slice(Math.max(0, at - 80), at).replace(secret, '<secret>')}<secret>"`);
        }
      }
    }
    assert.deepEqual(hits, []);
  });
});

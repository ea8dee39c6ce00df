/**
 * The CLI as users run it: src/cli/index.ts bundled the way dist/cli.js is,
 * run as a child process with a clean environment, in a working directory
 * and HOME of its own so that any file it wrote can be found afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..', '..');

export interface BundledCli {
  /** Where the runs start and what HOME points at: every file the CLI could write lands under it. */
  readonly workDir: string;
  run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }>;
  dispose(): void;
}

/** Bundles src/cli/index.ts to `outfile` the way dist/cli.js is built: what users run is what is tested. */
export async function buildCliBundle(outfile: string): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'src/cli/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    logLevel: 'error',
  });
}

export async function bundleCli(): Promise<BundledCli> {
  const dir = mkdtempSync(join(tmpdir(), 'audit-lens-hardening-'));
  const bundle = join(dir, 'cli.js');
  const workDir = join(dir, 'work');
  mkdirSync(workDir);
  await buildCliBundle(bundle);
  return {
    workDir,
    run: (args, env) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [bundle, ...args], {
          cwd: workDir,
          env: { PATH: process.env.PATH ?? '', HOME: workDir, TMPDIR: workDir, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * `audit-lens` run in-process through its own `runCli` (the function
 * dist/cli.js calls with the process's argv, env and streams), capturing
 * stdout and stderr. In-process runs cost milliseconds where a child process
 * costs a bundle and a Node start, which keeps the full fault matrix fast;
 * the CLI's own suite covers the bundled binary.
 */
import { Writable } from 'node:stream';
import { runCli } from '../../../../src/cli/main';

export interface CliRun {
  argv: string[];
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    callback();
  }
}

/** `tty`: both streams claim to be terminals, which turns on the progress line and the table format. */
export async function runCliInProcess(
  argv: string[],
  env: Record<string, string>,
  signal: AbortSignal = new AbortController().signal,
  options: { tty?: boolean } = {},
): Promise<CliRun> {
  const stdout = new Capture(options.tty === true);
  const stderr = new Capture(options.tty === true);
  const code = await runCli({ argv, env, stdout, stderr, signal });
  return { argv, code, stdout: stdout.text, stderr: stderr.text };
}

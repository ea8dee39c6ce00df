/**
 * The `audit-lens` executable (bundled to dist/cli.js). Wires the process to
 * runCli: argv, environment, stdout/stderr, and SIGINT → AbortController.
 */
import { EXIT_INTERRUPTED, EXIT_OK, runCli } from './main';

// If cancellation does not unwind in time (a request ignoring its signal), leave anyway.
const FORCED_EXIT_AFTER_MS = 3000;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // The sandbox is a long-running server that handles its own signals and lifetime.
  if (argv[0] === 'sandbox') {
    process.exitCode = await runCli({ argv, env: process.env, stdout: process.stdout, stderr: process.stderr, signal: new AbortController().signal });
    return;
  }
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort();
    setTimeout(() => process.exit(EXIT_INTERRUPTED), FORCED_EXIT_AFTER_MS).unref();
  });
  // A reader that stops early (`| head`) closes the pipe: that is not a failure of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? EXIT_OK : 1));
  const code = await runCli({ argv, env: process.env, stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
  // Exit now rather than wait for idle keep-alive sockets to time out; stdout was flushed by runCli.
  process.exit(code);
}

void main();

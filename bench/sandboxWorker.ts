/**
 * Runs the sandbox on its own thread, so that the server's work (generating
 * and serializing pages) doesn't share an event loop with the client being
 * measured — as with a real, remote API. The parent talks to it by messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startSandbox, type SandboxOptions } from '../src/sandbox/index';

type Request = { id: number; op: 'peak' | 'reset' | 'close' | 'truth'; path?: string[]; args?: unknown[] };

(async () => {
  const sandbox = await startSandbox(workerData as SandboxOptions);
  parentPort!.on('message', async (m: Request) => {
    try {
      let result: unknown;
      if (m.op === 'peak') result = sandbox.stats.peakInFlight;
      else if (m.op === 'reset') sandbox.stats.reset();
      else if (m.op === 'close') await sandbox.close();
      else if (m.op === 'truth') {
        // e.g. path ['sfmc','journeys'] → sandbox.truth.sfmc.journeys(...args)
        const [area, fn] = m.path as [string, string];
        const target = (sandbox.truth as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[area]!;
        result = target[fn]!.apply(target, m.args ?? []);
      }
      parentPort!.postMessage({ id: m.id, result });
    } catch (e) {
      parentPort!.postMessage({ id: m.id, error: String(e) });
    }
  });
  parentPort!.postMessage({ ready: true, url: sandbox.url });
})();

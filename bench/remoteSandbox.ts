/** The parent side of sandboxWorker.ts. */
import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import type { SandboxOptions } from '../src/sandbox/index';

export interface RemoteSandbox {
  url: string;
  peakInFlight(): Promise<number>;
  resetStats(): Promise<void>;
  truth<T>(area: string, fn: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export async function startRemoteSandbox(options: SandboxOptions): Promise<RemoteSandbox> {
  // Workers don't inherit tsx's loader; register it in the worker before loading the TypeScript entry.
  const entry = resolve(__dirname, 'sandboxWorker.ts');
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, workerData: options });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const url = await new Promise<string>((res, rej) => {
    worker.once('error', rej);
    worker.on('message', (m: { ready?: boolean; url?: string; id?: number; result?: unknown; error?: string }) => {
      if (m.ready) return res(m.url!);
      const p = pending.get(m.id!);
      if (!p) return;
      pending.delete(m.id!);
      if (m.error) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
  });
  const call = <T>(op: string, extra: object = {}) =>
    new Promise<T>((resolve_, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve_ as (v: unknown) => void, reject });
      worker.postMessage({ id, op, ...extra });
    });
  return {
    url,
    peakInFlight: () => call<number>('peak'),
    resetStats: () => call<void>('reset'),
    truth: <T>(area: string, fn: string, ...args: unknown[]) => call<T>('truth', { path: [area, fn], args }),
    close: async () => {
      await call('close');
      await worker.terminate();
    },
  };
}

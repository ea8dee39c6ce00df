import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostClient, HostRequestError } from '../../webview/hostClient';
import type { WebviewToHost } from '../../src/protocol';

function fakeApi() {
  const sent: WebviewToHost[] = [];
  const target = new EventTarget();
  const api = { postMessage: (m: WebviewToHost) => void sent.push(m), getState: () => undefined, setState: () => undefined };
  const deliver = (data: unknown) => target.dispatchEvent(new MessageEvent('message', { data }));
  return { sent, target, api, deliver };
}

test('requests carry correlation ids and resolve with their own reply', async () => {
  const { sent, target, api, deliver } = fakeApi();
  const client = new HostClient(api, target as never, 1000);
  const a = client.request('records/detail', { key: 1 });
  const b = client.request('records/locate', { filter: {}, key: 2 });
  const [ra, rb] = sent as { id: number }[];
  assert.notEqual(ra!.id, rb!.id);
  deliver({ kind: 'reply', id: rb!.id, method: 'records/locate', ok: true, result: { index: 7 } });
  deliver({ kind: 'reply', id: ra!.id, method: 'records/detail', ok: false, error: { message: 'gone', code: 'not-found' } });
  assert.deepEqual(await b, { index: 7 });
  await assert.rejects(a, (e: unknown) => e instanceof HostRequestError && e.code === 'not-found' && e.message === 'gone');
});

test('a request without a reply times out with an error', async () => {
  const { target, api } = fakeApi();
  const client = new HostClient(api, target as never, 30);
  await assert.rejects(client.request('records/bins', { filter: {}, maxBins: 10 }), (e: unknown) => e instanceof HostRequestError && e.code === 'timeout');
});

test('session state notifications reach listeners; stray messages are ignored', () => {
  const { target, api, deliver } = fakeApi();
  const client = new HostClient(api, target as never, 1000);
  const seen: number[] = [];
  client.onState((s) => seen.push(s.queryId));
  deliver({ kind: 'notification', type: 'session/state', state: { queryId: 3, generation: 0, status: 'idle', total: 0, warnings: [] } });
  deliver('hello');
  deliver({ kind: 'reply', id: 999, ok: true, result: {} });
  assert.deepEqual(seen, [3]);
});

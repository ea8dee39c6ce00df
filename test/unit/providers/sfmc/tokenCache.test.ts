import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenCache } from '../../../../src/core/tokenCache';
import { CancelledError } from '../../../../src/core/errors';

function issuer(lifetimeS = 1080) {
  let n = 0;
  const calls: number[] = [];
  const issue = async () => {
    calls.push(n);
    n++;
    await new Promise((r) => setImmediate(r));
    return { accessToken: `t${n}`, expiresInMs: lifetimeS * 1000 };
  };
  return { issue, calls };
}

test('cached until 5 minutes before expiry, then renewed', async () => {
  let now = 0;
  const { issue, calls } = issuer(1080);
  const cache = new TokenCache(issue, { now: () => now });
  assert.equal(await cache.get(), 't1');
  now = 779_000;
  assert.equal(await cache.get(), 't1');
  now = 780_000;
  assert.equal(await cache.get(), 't2');
  assert.equal(calls.length, 2);
});

test('a short lifetime is renewed at half of it, not on every call', async () => {
  let now = 0;
  const { issue } = issuer(60);
  const cache = new TokenCache(issue, { now: () => now });
  assert.equal(await cache.get(), 't1');
  now = 29_000;
  assert.equal(await cache.get(), 't1');
  now = 30_000;
  assert.equal(await cache.get(), 't2');
});

test('concurrent callers share one token request', async () => {
  const { issue, calls } = issuer();
  const cache = new TokenCache(issue);
  const tokens = await Promise.all(Array.from({ length: 8 }, () => cache.get()));
  assert.deepEqual(new Set(tokens), new Set(['t1']));
  assert.equal(calls.length, 1);
});

test('after a 401, only the first request holding the old token renews it; later ones reuse the new one', async () => {
  const { issue, calls } = issuer();
  const cache = new TokenCache(issue);
  const hooks = Array.from({ length: 4 }, () => cache.hook());
  for (const h of hooks) assert.deepEqual(await h.headers(), { authorization: 'Bearer t1' });
  // The refusals arrive one after another, each after the previous refresh finished.
  for (const h of hooks) assert.equal(await h.refresh?.(), true);
  assert.equal(calls.length, 2);
  for (const h of hooks) assert.deepEqual(await h.headers(), { authorization: 'Bearer t2' });
  // A request that was already sent with the new token and is refused again does renew.
  await hooks[0]?.refresh?.();
  assert.equal(cache.peek(), 't3');
});

test("one caller's cancellation does not fail another caller sharing the token request", async () => {
  let n = 0;
  const cache = new TokenCache(async (signal) => {
    n++;
    await new Promise((r) => setTimeout(r, 5));
    if (signal?.aborted) throw new CancelledError();
    return { accessToken: `t${n}`, expiresInMs: 1_000_000 };
  });
  const ac = new AbortController();
  const first = cache.get(ac.signal);
  const second = cache.get();
  ac.abort();
  await assert.rejects(first, CancelledError);
  assert.equal(await second, 't2');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertSecureUrl, isLoopbackHost, originForBareHost, parseBareHost, sameOrigin } from '../../../src/core/hosts';
import { ConfigError } from '../../../src/core/errors';
import { Redactor } from '../../../src/core/redact';
import { FUZZ_RUNS } from './fuzzRuns';

test('https is required except for loopback', () => {
  assert.equal(assertSecureUrl('https://x.rest.marketingcloudapis.com/').host, 'x.rest.marketingcloudapis.com');
  assert.ok(assertSecureUrl('http://127.0.0.1:8080/'));
  assert.ok(assertSecureUrl('http://localhost/'));
  assert.ok(assertSecureUrl('http://[::1]:9/'));
  assert.throws(() => assertSecureUrl('http://10.0.0.1/'), ConfigError);
  assert.throws(() => assertSecureUrl('http://127.0.0.1.evil.com/'), ConfigError);
  assert.throws(() => assertSecureUrl('javascript:alert(1)'), ConfigError);
  assert.throws(() => assertSecureUrl('not a url'), ConfigError);
});

test('loopback detection', () => {
  assert.ok(isLoopbackHost('127.0.0.1'));
  assert.ok(isLoopbackHost('127.1.2.3'));
  assert.ok(isLoopbackHost('[::1]'));
  assert.ok(!isLoopbackHost('128.0.0.1'));
  assert.ok(!isLoopbackHost('localhost.example.com'));
});

test('origins compare scheme, host and port', () => {
  assert.ok(sameOrigin(new URL('https://a.com/x'), new URL('https://a.com:443/y')));
  assert.ok(!sameOrigin(new URL('https://a.com/x'), new URL('http://a.com/x')));
  assert.ok(!sameOrigin(new URL('http://127.0.0.1:1/'), new URL('http://127.0.0.1:2/')));
});

test('Domain API answers must be a bare host[:port]', () => {
  assert.deepEqual(parseBareHost('va.ac.liveperson.net'), { host: 'va.ac.liveperson.net', hostname: 'va.ac.liveperson.net' });
  assert.deepEqual(parseBareHost('127.0.0.1:4567'), { host: '127.0.0.1:4567', hostname: '127.0.0.1' });
  for (const bad of ['https://va.ac.liveperson.net', 'va.ac.liveperson.net/path', 'user@host.com', 'host.com:99999', 'host.com?x=1', '', ' host.com', 'a..b', 'evil.com#@va.liveperson.net', 42, null]) {
    assert.equal(parseBareHost(bad), undefined, String(bad));
  }
  assert.equal(originForBareHost('127.0.0.1:4567', '127.0.0.1'), 'http://127.0.0.1:4567');
  assert.equal(originForBareHost('va.ac.liveperson.net', 'va.ac.liveperson.net'), 'https://va.ac.liveperson.net');
});

test('fuzz: parseBareHost accepts only strings that round-trip as a URL host with no extras', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.domain(), fc.anything()), (value) => {
      const parsed = parseBareHost(value);
      if (!parsed) return true;
      const u = new URL(`https://${parsed.host}/`);
      return u.pathname === '/' && !u.username && !u.password && !u.search && u.host === parsed.host.replace(/:443$/, '');
    }),
    { numRuns: FUZZ_RUNS },
  );
});

test('the redactor removes every registered secret, encoded or not', () => {
  const r = new Redactor().add('p@ss w0rd!', 'tok_123456');
  const out = r.redact(`login p@ss w0rd! then ${encodeURIComponent('p@ss w0rd!')} and tok_123456`);
  assert.ok(!out.includes('p@ss w0rd!'));
  assert.ok(!out.includes(encodeURIComponent('p@ss w0rd!')));
  assert.ok(!out.includes('tok_123456'));
  assert.equal(r.redactUrl('https://h/x?access_token=abc&page=2'), 'https://h/x?access_token=***&page=2');
  assert.ok(!r.redact('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload').includes('eyJhbGciOiJIUzI1NiJ9'));
});

test('fuzz: a registered secret never survives redaction', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 4, maxLength: 40 }), fc.string(), fc.string(), (secret, before, after) => {
      const r = new Redactor().add(secret);
      return !r.redact(`${before}${secret}${after}`).includes(secret);
    }),
    { numRuns: FUZZ_RUNS },
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Prompter } from '../../../src/extension/prompts';
import { askConnectionFields, checkConnection, fieldApplies, validateField } from '../../../src/extension/connectionWizard';
import { PROVIDERS } from '../../../src/providers/registry';

/** Answers in order; records what was asked. */
function fakePrompter(answers: (string | undefined)[]) {
  const asked: { kind: string; title: string; prompt?: string; password?: boolean; rejected?: string }[] = [];
  const p = {
    async pick(o: { title: string; items: { label: string; value: unknown }[] }) {
      const a = answers.shift();
      asked.push({ kind: 'pick', title: o.title });
      if (a === undefined) return undefined;
      const item = o.items.find((i) => i.value === a || i.label === a);
      assert.ok(item, `no item ${a}`);
      return item.value;
    },
    async input(o: { title: string; prompt?: string; password?: boolean; validate?: (v: string) => string | undefined }) {
      const a = answers.shift();
      const rejected = a === undefined ? undefined : o.validate?.(a);
      asked.push({ kind: 'input', title: o.title, prompt: o.prompt, password: o.password, ...(rejected ? { rejected } : {}) });
      return a;
    },
  };
  return { prompter: p as unknown as Prompter, asked };
}

test('Uniphore with a pasted token: asks base URL, method, token (masked); skips the client-credential fields', async () => {
  const { prompter, asked } = fakePrompter(['https://t.example.com', 'token', 'tok-123456', 'UTC']);
  const v = await askConnectionFields(prompter, PROVIDERS.uniphore, 'add', { settings: {}, secrets: {} }, 'Add');
  assert.ok(v);
  assert.deepEqual(v.secrets, { token: 'tok-123456' });
  assert.equal(v.settings.baseUrl, 'https://t.example.com');
  assert.equal(v.settings.authMethod, 'token');
  assert.equal(v.settings.tokenUrl, undefined);
  assert.equal(asked.find((a) => a.password)?.prompt?.startsWith('Bearer token'), true);
  assert.ok(!asked.some((a) => /Client id/.test(a.prompt ?? '')));
  assert.equal(checkConnection(PROVIDERS.uniphore, v.settings, v.secrets), undefined);
});

test('Escape at any step cancels the wizard', async () => {
  const { prompter } = fakePrompter(['https://t.example.com', undefined]);
  assert.equal(await askConnectionFields(prompter, PROVIDERS.uniphore, 'add', { settings: {}, secrets: {} }, 'Add'), undefined);
});

test('secrets mode asks only the secrets that apply; edit mode asks no stored secret', async () => {
  const s = fakePrompter(['new-key-9999']);
  const v = await askConnectionFields(s.prompter, PROVIDERS.floqast, 'secrets', { settings: { region: 'us' }, secrets: { apiKey: 'old' } }, 'Sign in');
  assert.deepEqual(v?.secrets, { apiKey: 'new-key-9999' });
  assert.equal(s.asked.length, 1);
  const e = fakePrompter(['us', '', '', '']);
  await askConnectionFields(e.prompter, PROVIDERS.floqast, 'edit', { settings: {}, secrets: { apiKey: 'stored' } }, 'Edit');
  assert.ok(!e.asked.some((a) => a.password), 'the stored API key is not asked again');
});

test('field rules: when-conditions, required fields and the provider validators', () => {
  const token = PROVIDERS.uniphore.fields.find((f) => f.key === 'token')!;
  assert.equal(fieldApplies(token, { authMethod: 'token' }), true);
  assert.equal(fieldApplies(token, { authMethod: 'client' }), false);
  assert.match(validateField(token, '  ') ?? '', /required/);
  const base = PROVIDERS.uniphore.fields.find((f) => f.key === 'baseUrl')!;
  assert.match(validateField(base, 'http://remote.example.com') ?? '', /https/);
  assert.equal(validateField(base, 'http://127.0.0.1:8080'), undefined);
  assert.match(checkConnection(PROVIDERS.floqast, {}, {}) ?? '', /apiKey|API key/i);
});

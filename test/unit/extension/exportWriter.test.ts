/**
 * Export writes a chunk at a time into a temporary file that replaces the
 * target only when complete: a cancelled or failed export leaves neither a
 * partial file nor a damaged previous one, with real files on disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportCancelled, writeChunksAtomically } from '../../../src/extension/exportWriter';

const noRedaction = { redact: (t: string) => t };

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'audit-lens-export-'));
}

test('writes every chunk, in order, redacted, and leaves only the target behind', async () => {
  const dir = folder();
  const path = join(dir, 'out.jsonl');
  await writeChunksAtomically(path, ['a secret\n', 'b\n', 'c secret\n'], { redact: (t) => t.replace(/secret/g, '•••') });
  assert.equal(readFileSync(path, 'utf8'), 'a •••\nb\nc •••\n');
  assert.deepEqual(readdirSync(dir), ['out.jsonl']);
});

test('replaces an existing file whole, only once the export is complete', async () => {
  const dir = folder();
  const path = join(dir, 'out.csv');
  writeFileSync(path, 'the previous export, much longer than the new one\n'.repeat(100));
  let seenMidway = '';
  function* chunks() {
    yield 'new 1\n';
    seenMidway = readFileSync(path, 'utf8');
    yield 'new 2\n';
  }
  await writeChunksAtomically(path, chunks(), noRedaction);
  assert.ok(seenMidway.startsWith('the previous export'), 'the old file is untouched while the new one is written');
  assert.equal(readFileSync(path, 'utf8'), 'new 1\nnew 2\n');
  assert.deepEqual(readdirSync(dir), ['out.csv']);
});

test('cancelled part-way: ExportCancelled, no partial file, the previous file as it was', async () => {
  const dir = folder();
  const path = join(dir, 'out.json');
  writeFileSync(path, 'previous');
  let written = 0;
  function* chunks() {
    for (let i = 0; i < 100; i++) {
      written++;
      yield `chunk ${i}\n`;
    }
  }
  await assert.rejects(writeChunksAtomically(path, chunks(), { ...noRedaction, cancelled: () => written >= 3 }), ExportCancelled);
  assert.equal(written, 3, 'no chunk is made after the cancel');
  assert.equal(readFileSync(path, 'utf8'), 'previous');
  assert.deepEqual(readdirSync(dir), ['out.json']);

  const fresh = join(dir, 'fresh.json');
  await assert.rejects(writeChunksAtomically(fresh, chunks(), { ...noRedaction, cancelled: () => true }), ExportCancelled);
  assert.deepEqual(readdirSync(dir), ['out.json'], 'a cancelled first export creates nothing');
});

test('a chunk that fails to build (say, a record that cannot be read back) leaves nothing behind and says why', async () => {
  const dir = folder();
  const path = join(dir, 'out.jsonl');
  function* chunks() {
    yield 'one\n';
    throw new Error('page could not be parsed');
  }
  await assert.rejects(writeChunksAtomically(path, chunks(), noRedaction), /page could not be parsed/);
  assert.deepEqual(readdirSync(dir), []);
});

test('a folder that cannot be written to fails before any chunk is made', async () => {
  let made = 0;
  function* chunks() {
    made++;
    yield 'x';
  }
  await assert.rejects(writeChunksAtomically(join(folder(), 'missing', 'out.jsonl'), chunks(), noRedaction), /ENOENT/);
  assert.equal(made, 0);
});

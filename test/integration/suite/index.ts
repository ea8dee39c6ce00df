/**
 * The extensionTestsPath entry: runs every suite file inside the workbench's
 * extension host with mocha, and writes the counts to the file the runner
 * named in AUDIT_LENS_TEST_RESULTS (the host's console is only forwarded, so
 * a file is the reliable way back).
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const grep = process.env.AUDIT_LENS_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', timeout: 30_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  // The suites are bundled into this file; they register on the globals mocha sets up here.
  mocha.suite.emit('pre-require', globalThis, 'audit-lens-integration', mocha);
  await import('./allSuites');
  const failures: string[] = [];
  let passed = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => passed++);
    runner.on('fail', (t, err: Error) => failures.push(`${t.fullTitle()}: ${err?.message ?? err}`));
  });
  const file = process.env.AUDIT_LENS_TEST_RESULTS;
  if (file) writeFileSync(file, JSON.stringify({ passed, failed: failures.length, failures }));
  console.log(`host suite: ${passed} passed, ${failures.length} failed`);
  if (failures.length) throw new Error(`${failures.length} test(s) failed`);
}

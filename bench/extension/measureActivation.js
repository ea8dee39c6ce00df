// Runs in the workbench's extension host (as an extensionTestsPath module):
// activates the baseline and Audit Lens, in the order given, and writes how
// long each activate() took (module load + activate call) to a file.
const vscode = require('vscode');
const { writeFileSync } = require('fs');
const { performance } = require('perf_hooks');

exports.run = async function run() {
  const order = (process.env.AUDIT_LENS_BENCH_ORDER || 'audit-lens-bench.activation-baseline,audit-lens.audit-lens').split(',');
  const out = {};
  for (const id of order) {
    const ext = vscode.extensions.getExtension(id);
    if (!ext) throw new Error(`extension ${id} is not installed`);
    if (ext.isActive) throw new Error(`extension ${id} was already active; its activation can't be measured`);
    const t0 = performance.now();
    await ext.activate();
    out[id] = performance.now() - t0;
  }
  writeFileSync(process.env.AUDIT_LENS_BENCH_OUT, JSON.stringify(out));
};

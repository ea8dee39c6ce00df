// Runs in the workbench's extension host (as an extensionTestsPath module):
// activates the baseline and Audit Lens, in the order given, and writes how
// long each activate() took (module load + activate call) to a file.
// Beside that wall time it reports the extension host's own marks, where the
// host keeps them (globalThis.MonacoPerformanceMarks, whole milliseconds):
// how long loading the extension's code and its activate() call took. The
// rest of the wall time is spent waiting, e.g. for the extension's context
// (its storage) from the workbench, which the baseline waits for too.
const vscode = require('vscode');
const { writeFileSync } = require('fs');
const { performance } = require('perf_hooks');

function hostMarks(id) {
  const marks = globalThis.MonacoPerformanceMarks?.getMarks?.();
  if (!Array.isArray(marks)) return undefined;
  const at = (what) => marks.find((m) => m.name === `code/extHost/${what}/${id}`)?.startTime;
  const [willLoad, didLoad, willActivate, didActivate] = ['willLoadExtensionCode', 'didLoadExtensionCode', 'willActivateExtension', 'didActivateExtension'].map(at);
  if ([willLoad, didLoad, willActivate, didActivate].some((t) => typeof t !== 'number')) return undefined;
  return { loadMs: didLoad - willLoad, activateCallMs: didActivate - willActivate };
}

exports.run = async function run() {
  const order = (process.env.AUDIT_LENS_BENCH_ORDER || 'audit-lens-bench.activation-baseline,audit-lens.audit-lens').split(',');
  const out = {};
  const host = {};
  for (const id of order) {
    const ext = vscode.extensions.getExtension(id);
    if (!ext) throw new Error(`extension ${id} is not installed`);
    if (ext.isActive) throw new Error(`extension ${id} was already active; its activation can't be measured`);
    const t0 = performance.now();
    await ext.activate();
    out[id] = performance.now() - t0;
  }
  for (const id of order) {
    const m = hostMarks(id);
    if (m) host[id] = m;
  }
  writeFileSync(process.env.AUDIT_LENS_BENCH_OUT, JSON.stringify({ ...out, host }));
};

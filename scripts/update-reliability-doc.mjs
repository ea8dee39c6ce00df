// Regenerates docs/reliability.md: runs the fault matrix (test/unit/hardening/faultMatrix.test.ts)
// with AUDIT_LENS_UPDATE_DOCS=1, which writes the matrix it produced over the committed file.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', 'test/unit/hardening/faultMatrix.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, AUDIT_LENS_UPDATE_DOCS: '1' },
});
process.exit(r.status ?? 1);

/** CI runs a few hundred cases per property; `npm run fuzz` sets AUDIT_LENS_FUZZ_RUNS=10000. */
export const FUZZ_RUNS = Number(process.env.AUDIT_LENS_FUZZ_RUNS ?? 300);

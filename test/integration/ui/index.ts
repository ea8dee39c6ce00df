export interface UiCheckResult { name: string; ok: boolean; error?: string }
export async function runUiChecks(): Promise<UiCheckResult[]> { return []; }
export default { runUiChecks };

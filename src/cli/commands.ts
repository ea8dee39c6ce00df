/**
 * The three data commands, written against `ProviderSession` only: they fetch
 * everything first and return the finished output, so that stdout stays empty
 * when anything fails part-way.
 */
import { forEachLimited } from '../core/concurrency';
import { ConfigError } from '../core/errors';
import type { AuditQuery, AuditRecord, Scope, ScopeListOptions } from '../core/model';
import type { FetchProgress, ProviderSession } from '../core/provider';
import type { CommonOptions, OutputFormat } from './args';
import { formatJsonLines, formatRecord, formatRecords, formatScopes, toScopeLine, type ScopeLine } from './output';
import { RecordLines } from './recordLines';

export interface CommandContext {
  session: ProviderSession;
  common: CommonOptions;
  format: OutputFormat;
  signal: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
}

export interface CommandOutput {
  /** Made as they are written (all data is in by then, so making them cannot fail part-way). */
  chunks: Iterable<string>;
  warnings: string[];
}

export async function runQuery(ctx: CommandContext, query: AuditQuery): Promise<CommandOutput> {
  // The provider streams each page's records here and keeps no list of them: the CLI holds only their lines.
  const lines = new RecordLines();
  const result = await ctx.session.fetchAudit(query, {
    signal: ctx.signal,
    concurrency: ctx.common.concurrency,
    collect: false,
    onRecords: (records) => lines.add(records),
    ...(ctx.common.pageSize !== undefined ? { pageSize: ctx.common.pageSize } : {}),
    ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}),
  });
  const sorted = lines.sorted(ctx.common.limit);
  if (ctx.format !== 'table') return { chunks: formatJsonLines(sorted, ctx.format), warnings: result.warnings };
  // A table is sized to all its rows, so it is made from the records read back from their lines.
  return { chunks: formatRecords(Array.from(sorted, (line) => JSON.parse(line) as AuditRecord), 'table'), warnings: result.warnings };
}

export async function runGet(ctx: CommandContext, id: string): Promise<CommandOutput> {
  if (!ctx.session.getById) throw new ConfigError(`"get" is not supported for ${ctx.session.provider}.`, { provider: ctx.session.provider });
  const record = await ctx.session.getById(id, ctx.signal);
  return { chunks: formatRecord(record, ctx.format), warnings: [] };
}

// A provider that keeps saying "more" forever must not hang the CLI.
const MAX_SCOPE_PAGES = 10_000;

async function listAllScopes(ctx: CommandContext, options: ScopeListOptions): Promise<Scope[]> {
  const out: Scope[] = [];
  for (let page = 1; page <= MAX_SCOPE_PAGES; page++) {
    const result = await ctx.session.listScopes(
      { ...options, page, ...(ctx.common.pageSize !== undefined ? { pageSize: ctx.common.pageSize } : {}) },
      ctx.signal,
    );
    out.push(...result.scopes);
    if (!result.hasMore || result.scopes.length === 0) return out;
  }
  return out;
}

/** Scope types whose children the tree shows under them: SFMC journey → versions, LivePerson account → component types. */
const EXPANDED_TYPES: ReadonlySet<Scope['type']> = new Set(['journey', 'account']);

/**
 * Every scope of the connection, in tree order: each parent followed by its
 * children, fetched with the same bounded concurrency as pages.
 */
export async function runScopes(ctx: CommandContext): Promise<CommandOutput> {
  const top = await listAllScopes(ctx, {});
  const parents = top.filter((s) => EXPANDED_TYPES.has(s.type));
  const children = new Map<Scope, Scope[]>();
  await forEachLimited(
    parents.length,
    ctx.common.concurrency,
    async (i) => {
      const parent = parents[i];
      if (parent) children.set(parent, await listAllScopes(ctx, { parent: parent.id }));
    },
    ctx.signal,
  );
  const ordered = top.flatMap((s) => [s, ...(children.get(s) ?? [])]);
  return { chunks: formatScopes(uniqueScopeLines(ordered), ctx.format), warnings: [] };
}

function uniqueScopeLines(scopes: readonly Scope[]): ScopeLine[] {
  const seen = new Set<string>();
  const out: ScopeLine[] = [];
  for (const s of scopes) {
    const key = `${s.type}\u0000${s.id}\u0000${s.parent ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(toScopeLine(s));
  }
  return out;
}

/**
 * Writes an export a chunk at a time into a temporary file beside the
 * target, which replaces the target only once every chunk is written: a
 * cancelled or failed export leaves no half-written file behind, and the
 * file it was to replace stays as it was.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class ExportCancelled extends Error {
  constructor() {
    super('Export cancelled');
    this.name = 'ExportCancelled';
  }
}

export interface ChunkWriteOptions {
  /** Applied to every chunk before it is written, so that no secret reaches the file. */
  redact(text: string): string;
  /** Asked before each chunk; true stops the export with ExportCancelled. */
  cancelled?(): boolean;
}

export async function writeChunksAtomically(path: string, chunks: Iterable<string>, options: ChunkWriteOptions): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
  const file = await open(temp, 'wx');
  let closed = false;
  let renamed = false;
  try {
    for (const chunk of chunks) {
      if (options.cancelled?.()) throw new ExportCancelled();
      // Each awaited write also gives the extension host's other work a turn between chunks.
      await file.write(options.redact(chunk), null, 'utf8');
    }
    if (options.cancelled?.()) throw new ExportCancelled();
    closed = true;
    await file.close();
    await rename(temp, path);
    renamed = true;
  } finally {
    if (!renamed) {
      if (!closed) await file.close().catch(() => undefined);
      await rm(temp, { force: true });
    }
  }
}

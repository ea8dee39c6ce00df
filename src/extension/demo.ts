/**
 * Open Demo: the built-in sandbox runs in-process on loopback, and the demo
 * connections point at it. The sandbox's port changes with each start, so a
 * demo connection is re-pointed at the running sandbox before it connects.
 */
import type { Connection } from '../core/model';
import type { ConnectionStore } from './connectionStore';
import { demoConnections, repointDemoConnection } from './demoConnections';
import { features } from './lazyFeatures';

export interface RunningSandbox {
  readonly url: string;
  close(): Promise<void>;
}

export class DemoService {
  private running: Promise<RunningSandbox> | undefined;

  constructor(
    private readonly store: ConnectionStore,
    private readonly log: (message: string) => void,
    // The demo's data ends now, so the preset time ranges (last 24 h, 7 d, 30 d) find records.
    // The sandbox's code loads when the demo first starts, not at activation.
    private readonly start: () => Promise<RunningSandbox> = () => features().startSandbox({ anchorTime: Date.now() }),
  ) {}

  /** The running sandbox, started on first use. */
  sandbox(): Promise<RunningSandbox> {
    if (!this.running) {
      const started = this.start().then((s) => {
        this.log(`Demo sandbox listening on ${s.url}`);
        return s;
      });
      this.running = started;
      started.catch(() => {
        if (this.running === started) this.running = undefined;
      });
    }
    return this.running;
  }

  /** Starts the sandbox and adds (or re-points) the four demo connections. */
  async open(): Promise<{ url: string; added: number }> {
    const { url } = await this.sandbox();
    let added = 0;
    for (const { connection, secrets } of demoConnections(url)) {
      const existing = this.store.get(connection.id);
      if (existing) {
        await this.store.update({ ...connection, label: existing.label });
        await this.store.setSecrets(connection.id, secrets);
      } else {
        await this.store.add(connection, secrets);
        added++;
      }
    }
    return { url, added };
  }

  /** Used by the session pool before a demo connection connects. */
  async prepare(connection: Connection): Promise<Connection> {
    const { url } = await this.sandbox();
    const repointed = repointDemoConnection(connection, url);
    if (JSON.stringify(repointed.settings) !== JSON.stringify(connection.settings)) await this.store.update(repointed);
    return repointed;
  }

  async dispose(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    if (r) await (await r.catch(() => undefined))?.close();
  }
}

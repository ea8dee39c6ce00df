/**
 * The webview's side of src/protocol.ts: requests with correlation ids and a
 * timeout, commands, and notifications from the host.
 */
import {
  REQUEST_TIMEOUT_MS,
  type HostToWebview,
  type RequestMethod,
  type RequestParams,
  type RequestResult,
  type SessionState,
  type WebviewCommand,
} from '../src/protocol';
import type { VsCodeApi } from './vscodeApi';

/** A request that failed: the host's error, or a timeout. */
export class HostRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

type DistributiveOmitKind<T> = T extends unknown ? Omit<T, 'kind'> : never;

interface Pending {
  resolve(result: unknown): void;
  reject(error: HostRequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly stateListeners = new Set<(state: SessionState) => void>();

  constructor(
    private readonly api: VsCodeApi<unknown>,
    target: Pick<Window, 'addEventListener'> = window,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {
    target.addEventListener('message', (event) => this.receive((event as MessageEvent).data));
  }

  request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    const id = this.nextId++;
    return new Promise<RequestResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new HostRequestError(`The extension did not answer ${method} in ${Math.round(this.timeoutMs / 1000)} s`, 'timeout'));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject, timer });
      this.api.postMessage({ kind: 'request', id, method, params } as never);
    });
  }

  command(command: DistributiveOmitKind<WebviewCommand>): void {
    this.api.postMessage({ kind: 'command', ...command } as WebviewCommand);
  }

  onState(listener: (state: SessionState) => void): void {
    this.stateListeners.add(listener);
  }

  private receive(data: unknown): void {
    if (typeof data !== 'object' || data === null) return;
    const message = data as HostToWebview;
    if (message.kind === 'notification' && message.type === 'session/state') {
      for (const l of this.stateListeners) l(message.state);
      return;
    }
    if (message.kind === 'reply') {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.ok) p.resolve(message.result);
      else p.reject(new HostRequestError(message.error.message, message.error.code));
    }
  }
}

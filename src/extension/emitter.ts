/**
 * A small event emitter shaped like `vscode.Event`, so that modules holding
 * pure logic (the connection store) can raise events without importing
 * `vscode` and stay testable with node's runner.
 */
export interface Subscription {
  dispose(): void;
}

export type Listener<T> = (value: T) => unknown;
export type EventLike<T> = (listener: Listener<T>) => Subscription;

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  readonly event: EventLike<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch {
        // One failing listener must not starve the others.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/**
 * Base for the app's components: they render into the light DOM so that the
 * one document-level stylesheet (adopted, CSP-safe) and the codicon font
 * apply everywhere, and events bubble plainly to the app.
 */
import { LitElement } from 'lit';

export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected emit<T>(type: string, detail?: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail: detail as T, bubbles: true, composed: true }));
  }
}

/**
 * Sets inline styles through the CSSOM (`element.style`), never through the
 * `style` attribute: the webview's CSP has no 'unsafe-inline', which blocks
 * style attributes, and Lit's own styleMap writes the attribute on first
 * render. Use as a property binding: `.style=${styleProps({top: '4px'})}`.
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type PartInfo, type PropertyPart } from 'lit/directive.js';

class StyleProps extends Directive {
  private previous = new Map<string, string>();

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.PROPERTY || partInfo.name !== 'style') {
      throw new Error('styleProps must be bound to the `style` property: .style=${styleProps(...)}');
    }
  }

  override update(part: PropertyPart, [props]: [Record<string, string>]): unknown {
    const style = (part.element as HTMLElement).style;
    for (const name of this.previous.keys()) {
      if (!(name in props)) {
        style.removeProperty(name);
        this.previous.delete(name);
      }
    }
    for (const [name, value] of Object.entries(props)) {
      if (this.previous.get(name) === value) continue;
      style.setProperty(name, value);
      this.previous.set(name, value);
    }
    return noChange;
  }

  render(_props: Record<string, string>): unknown {
    return noChange;
  }
}

export const styleProps = directive(StyleProps);

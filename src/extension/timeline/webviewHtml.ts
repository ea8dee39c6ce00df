/**
 * The timeline webview's HTML and Content-Security-Policy (DESIGN.md §4):
 * nothing by default, the one script by nonce, styles and fonts only from
 * the extension's dist/ and media/ folders. No 'unsafe-inline', no
 * 'unsafe-eval': the app's own CSS is a constructed stylesheet, which the
 * policy does not govern, and record text is only ever set as text.
 */
import { TIMELINE_VIEW_TYPE } from '../../protocol';

export interface TimelineHtmlOptions {
  nonce: string;
  /** The webview's resource origin, `webview.cspSource` (e.g. https://*.vscode-cdn.net). */
  cspSource: string;
  /** URL paths of the extension's dist/ and media/ folders as the webview sees them. */
  distPath: string;
  mediaPath: string;
  scriptUri: string;
  codiconCssUri: string;
  title: string;
}

/** A source expression for one folder: origin plus path with a trailing slash, so only that folder matches. */
export function folderSource(cspSource: string, path: string): string {
  const origin = cspSource.replace(/\/+$/, '');
  const p = path.startsWith('/') ? path : `/${path}`;
  return `${origin}${p.endsWith('/') ? p : `${p}/`}`;
}

export function timelineCsp(o: Pick<TimelineHtmlOptions, 'nonce' | 'cspSource' | 'distPath' | 'mediaPath'>): string {
  const folders = `${folderSource(o.cspSource, o.distPath)} ${folderSource(o.cspSource, o.mediaPath)}`;
  return [`default-src 'none'`, `script-src 'nonce-${o.nonce}'`, `style-src ${folders}`, `font-src ${folders}`].join('; ');
}

/** 128 random bits, base64: a fresh nonce for every page load. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function timelineHtml(o: TimelineHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(timelineCsp(o))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${escapeAttribute(o.codiconCssUri)}">
<title>${escapeAttribute(o.title)}</title>
</head>
<body>
<audit-timeline-app data-view-type="${TIMELINE_VIEW_TYPE}"></audit-timeline-app>
<script nonce="${escapeAttribute(o.nonce)}" src="${escapeAttribute(o.scriptUri)}"></script>
</body>
</html>
`;
}

/**
 * The timeline webview's entry (bundled to dist/webview.js). Styles are one
 * constructed stylesheet adopted by the document: the CSP allows no inline
 * <style>, and constructed sheets are not subject to it.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import './headerView';
import './histogramView';
import './facetsView';
import './timelineList';
import './detailPane';
import './publishInvestigationView';
import { TimelineApp, type UiState } from './app';
import { HostClient } from './hostClient';
import { vscodeApi } from './vscodeApi';
import styles from './styles.css';
import investigationStyles from './publishInvestigation.css';

const sheet = new CSSStyleSheet();
sheet.replaceSync(`${styles}\n${investigationStyles}`);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const app = document.querySelector('audit-timeline-app');
if (app instanceof TimelineApp) {
  const api = vscodeApi<UiState>();
  app.start(api, new HostClient(api as never));
}

// One build script for every bundle: the extension (cjs, node, `vscode`
// external), the CLI (cjs, node) and the webview (browser, iife).
// Flags: --watch, --production (minified, no sourcemaps).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, existsSync, chmodSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension/index.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli/index.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'text' },
  },
];

function copyAssets() {
  // A production build starts clean, so no stale source maps from a dev build reach the .vsix.
  if (production) rmSync('dist', { recursive: true, force: true });
  mkdirSync('dist', { recursive: true });
  // Codicons are loaded by the webview from dist/ (its CSP allows fonts and styles from there only).
  const codicons = 'node_modules/@vscode/codicons/dist';
  if (existsSync(codicons)) {
    copyFileSync(`${codicons}/codicon.css`, 'dist/codicon.css');
    copyFileSync(`${codicons}/codicon.ttf`, 'dist/codicon.ttf');
  }
}

copyAssets();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}

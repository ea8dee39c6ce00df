// One build script for every bundle: the extension (cjs, node, `vscode`
// external), the CLI (cjs, node) and the webview (browser, iife).
// Flags: --watch, --production (minified, no sourcemaps).
//
// The extension is two bundles, so that activation compiles and runs only
// what the Connections view and the command registrations need:
// - dist/extension.js, the activation entry (src/extension/index.ts);
// - dist/features.js (src/extension/features.ts): the providers, HTTP stack,
//   sandbox, timeline store and command implementations, required on first
//   use by src/extension/lazyFeatures.ts.
// A module both reach is bundled once, in dist/extension.js, which exports
// it as `__shared`; dist/features.js takes it from there. One copy keeps
// classes single (errors and tree nodes are checked with instanceof across
// the two) and module state shared.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, existsSync, chmodSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  legalComments: 'none',
};

/** Options shared by both extension bundles. */
function extensionOptions(o) {
  return {
    bundle: true,
    minify: o.production,
    sourcemap: o.production ? false : 'linked',
    logLevel: o.logLevel ?? 'info',
    legalComments: 'none',
    absWorkingDir: ROOT,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  };
}

const ACTIVATION_ENTRY = 'src/extension/index.ts';
const FEATURES_ENTRY = 'src/extension/features.ts';
const LAZY_LOADER = join(ROOT, 'src/extension/lazyFeatures.ts');

/** lazyFeatures.ts's `require('./features')` stays a runtime require of the sibling bundle. */
const lazyFeatures = {
  name: 'lazy-features',
  setup(build) {
    build.onResolve({ filter: /^\.\/features$/ }, (args) => (args.importer === LAZY_LOADER ? { path: './features.js', external: true } : undefined));
  },
};

/** The source files the activation bundle holds, as paths relative to the repository (esbuild's metafile keys). */
async function activationModules() {
  const r = await esbuild.build({ ...extensionOptions({ production: false, logLevel: 'silent' }), sourcemap: false, entryPoints: [ACTIVATION_ENTRY], write: false, metafile: true, plugins: [lazyFeatures] });
  return Object.keys(r.metafile.inputs).filter((f) => f.startsWith('src/'));
}

/** The activation entry, plus every module it holds exported by path for dist/features.js. */
function activationEntry(modules) {
  const imports = modules.map((m, i) => `import * as m${i} from './${m}';`).join('\n');
  const table = modules.map((m, i) => `  ${JSON.stringify(m)}: m${i},`).join('\n');
  return {
    contents: `export * from './${ACTIVATION_ENTRY}';\n${imports}\nexport const __shared = {\n${table}\n};\n`,
    resolveDir: ROOT,
    sourcefile: 'activation-entry.js',
    loader: 'js',
  };
}

/** In dist/features.js, a module the activation bundle holds is read from its `__shared` table. */
function fromActivationBundle(modules) {
  const shared = new Set(modules.map((m) => join(ROOT, m)));
  const skip = Symbol('resolving');
  return {
    name: 'from-activation-bundle',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.namespace === 'activation-bundle') return { path: './extension.js', external: true };
        if (args.pluginData === skip) return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: skip });
        return r.errors.length === 0 && shared.has(r.path) ? { path: r.path, namespace: 'activation-bundle' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'activation-bundle' }, (args) => {
        // The table holds module namespaces; a default export would need ESM interop this stand-in does not give.
        if (/^export default\b/m.test(readFileSync(args.path, 'utf8'))) throw new Error(`${args.path}: a default export can't be shared between the extension bundles`);
        const key = relative(ROOT, args.path).split(sep).join('/');
        return { contents: `module.exports = require('./extension.js').__shared[${JSON.stringify(key)}];\n`, loader: 'js' };
      });
    },
  };
}

/**
 * Builds dist/extension.js and dist/features.js (into `outdir`, default
 * dist/). Resolves both builds' metafiles when asked (the bundle tests read them).
 */
export async function buildExtension({ outdir = join(ROOT, 'dist'), production: prod = production, metafile = false, logLevel } = {}) {
  const modules = await activationModules();
  const options = { ...extensionOptions({ production: prod, logLevel }), metafile };
  const [activation, features] = await Promise.all([
    esbuild.build({ ...options, stdin: activationEntry(modules), outfile: join(outdir, 'extension.js'), plugins: [lazyFeatures] }),
    esbuild.build({ ...options, entryPoints: [FEATURES_ENTRY], outfile: join(outdir, 'features.js'), plugins: [lazyFeatures, fromActivationBundle(modules)] }),
  ]);
  return { activation: activation.metafile, features: features.metafile };
}

const builds = [
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

async function main() {
  copyAssets();
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    // Watches the sources of both extension bundles; any change rebuilds the pair (which modules are shared may change).
    const rebuildExtension = {
      name: 'rebuild-extension',
      setup(build) {
        // Errors are printed by this build; the real builds would only repeat them.
        build.onEnd((r) => (r.errors.length ? undefined : buildExtension().then(() => undefined, () => undefined)));
      },
    };
    const probe = { ...extensionOptions({ production, logLevel: 'error' }), entryPoints: [ACTIVATION_ENTRY, FEATURES_ENTRY], outdir: 'dist', write: false, plugins: [lazyFeatures, rebuildExtension] };
    contexts.push(await esbuild.context(probe));
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all([buildExtension(), ...builds.map((b) => esbuild.build(b))]);
    if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
  }
}

// Run as a script (npm run build); imported, it only provides buildExtension.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

/**
 * Loads ./features (dist/features.js in the package) the first time a part
 * of it is used. The build keeps `./features` out of the activation bundle
 * (esbuild.mjs); under tsx and in the test bundles it is an ordinary module.
 */
import type * as Features from './features';

let loaded: typeof Features | undefined;

export function features(): typeof Features {
  // A synchronous require: callers are constructors and synchronous APIs (SessionPool.connectUnsaved).
  loaded ??= require('./features') as typeof Features;
  return loaded;
}

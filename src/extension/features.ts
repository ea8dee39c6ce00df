/**
 * What activation does not need: the providers and their HTTP client
 * (node-fetch, luxon, graphql), the demo sandbox, the timeline's record
 * store and the command implementations. esbuild bundles this module as
 * dist/features.js, which `features()` (./lazyFeatures) requires on first
 * use, so that opening the Connections view loads and compiles only the
 * small activation bundle.
 */
export { HttpClient } from '../core/http';
export { getProvider } from '../providers/registry';
export { startSandbox } from '../sandbox';
export { ConnectionCommands } from './commands/connectionCommands';
export { QueryCommands } from './commands/queryCommands';
export { RecordCommands } from './commands/recordCommands';
export { PublishErrorCommands } from './publishErrors/publishErrorCommands';
export { readSettings } from './settings';
export { TimelineHost } from './timeline/timelineHost';

/** resources: objects of parsed files with their effective namespaces, the repository index, namespaces. */
export * from './resources.js';
export * from './namespaces.js';
export { skimEntries } from './skim.js';
export { scanKinds } from './kind-scan.js';

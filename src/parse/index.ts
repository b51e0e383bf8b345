/**
 * The parse stage's one entry module: what other stages use of it. A file's text → ParsedFile (documents: plain
 * values, and node trees with positions), the Kubernetes objects it holds, and positions of paths inside them.
 *
 * Inside the folder: parse.ts (parseText, ParsedFile: which reader reads a file, and what it holds), block-reader.ts
 * (block-style YAML line by line → values and trees), fast-reader.ts (where the block reader gives up: js-yaml events → values and trees), yaml-reader.ts (the `yaml` package, loaded on first use → trees), tree.ts (the node tree
 * both readers give), scalars.ts (how plain scalars are read, for both readers), position.ts (path → range),
 * lines.ts (offset → line and column), messages.ts (parse errors and notices).
 */
export { decode, DEFAULT_MAX_FILE_SIZE, isKustomizationFile, objectsOf, parseText, ParsedDocument, ParsedFile, skimText, type RawObject } from './parse.js';
export { lastSkimIsJson, warmUpReader, type KeyWant, type Want } from './block-reader.js';
export { readYaml12 } from './yaml-reader.js';
export { aliasesIn, MAX_DEPTH, pairOf, TreeDocument, TreeMap, TreeSeq, visitPairs, type TreeNode } from './tree.js';
export { formatPath, locate } from './position.js';
export { positionAt, type LinePositions } from './lines.js';
export { fatalMessage } from './messages.js';
export { NOT_RESOLVED, resolvePlain } from './scalars.js';

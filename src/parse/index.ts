/** parse: bytes → text → YAML documents with positions and the Kubernetes objects they hold. */
export { decode, DEFAULT_MAX_FILE_SIZE, fatalMessage, isPlainObject, nodeAt, objectsOf, parseText, positionAt, scalarKey, type ParsedDocument, type ParsedFile, type RawObject } from './parse.js';
export { formatPath, locate } from './position.js';
export { aliasesIn, isAlias, isMap, isScalar, isSeq, visitPairs, yamlModule, type Node, type Pair } from './nodes.js';

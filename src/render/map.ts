/**
 * Source mapping: a path inside a rendered object → the source line a user can open. The last patch that set the
 * value, else the base object's node; for a missing field, the deepest existing node of the file that defines it;
 * for Helm, the template line of the key.
 */
import { isRecord as isPlainObject } from '../k8s/index.js';
import type { Path } from '../shared/types.js';
import { correspond, jsonOps, loadPatch } from './patches.js';
import { fileStart, locateIn, SourceCache } from './source.js';
import type { MappedLocation, RenderedObject, SourceLocation } from './types.js';

function isDeepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The longest prefix of `path` that exists in `value`. */
function existingPrefix(value: unknown, path: Path): Path {
  let node = value;
  const out: Array<string | number> = [];
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number' && segment < node.length) node = node[segment];
    else if (isPlainObject(node) && typeof segment === 'string' && segment in node) node = node[segment];
    else break;
    out.push(segment);
  }
  return out;
}

function valueAt(value: unknown, path: Path): unknown {
  let node = value;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isPlainObject(node)) node = node[String(segment)];
    else return undefined;
  }
  return node;
}

function isCollection(value: unknown): boolean {
  return Array.isArray(value) || isPlainObject(value);
}

/** Whether a JSON 6902 op path selects `path`'s prefix of the same length (`-` stands for an appended item). */
function covers(opPath: Path, path: Path): boolean {
  if (opPath.length > path.length) return false;
  return opPath.every((s, i) => s === path[i] || (s === '-' && i === opPath.length - 1 && typeof path[i] === 'number'));
}

function location(l: SourceLocation & { exact?: boolean }, via: MappedLocation['via'], exact: boolean): MappedLocation {
  return { filePath: l.filePath, line: l.line, column: l.column, endLine: l.endLine, endColumn: l.endColumn, via, exact };
}

/** Where `path` of a rendered object is set in the sources. Never throws; falls back to the first line of a file. */
export function locateRendered(rendered: RenderedObject, path: Path, cache: SourceCache = new SourceCache()): MappedLocation {
  const object = rendered.object;
  const existing = existingPrefix(object, path);
  const exists = existing.length === path.length;
  const renderedValue = valueAt(object, existing);
  const origin = rendered.origin;

  // The base object, if it is a document of a file.
  let baseHas = false;
  let base: { filePath: string; documentIndex: number; path: Path; value: unknown } | undefined;
  if (origin.type === 'resource') {
    const document = cache.document(origin.ref.filePath, origin.ref.documentIndex);
    if (document) {
      base = { ...origin.ref, value: valueAt(document.value, origin.ref.path) };
      baseHas = correspond(object, existing, base.value).depth === existing.length;
    }
  }

  // The last patch that set it.
  for (const patch of [...rendered.patches].reverse()) {
    const loaded = loadPatch(cache, patch);
    if (!loaded) continue;
    for (const document of [...loaded.documents].reverse()) {
      if (patch.type === 'json6902' || Array.isArray(document.value)) {
        for (const op of [...jsonOps(document.value)].reverse()) {
          if ((op.op !== 'add' && op.op !== 'replace') || !op.hasValue || !covers(op.path, existing)) continue;
          const rest = existing.slice(op.path.length);
          const renderedAtOp = valueAt(object, existing.slice(0, op.path.length));
          const c = correspond(renderedAtOp, rest, op.value);
          if (c.depth !== rest.length) continue;
          const setsIt = exists && !isCollection(renderedValue) ? isDeepEqual(c.value, renderedValue) : !baseHas || rest.length === 0 || exists;
          if (!setsIt) continue;
          return location(locateIn(loaded.source, document, [op.index, 'value', ...c.path]), 'patch', exists);
        }
        continue;
      }
      if (!isPlainObject(document.value)) continue;
      if (!patch.target) {
        const id = document.value;
        const meta = isPlainObject(id.metadata) ? id.metadata : {};
        if (id.kind !== object.kind) continue;
        const names = [object.metadata?.name, base && isPlainObject(base.value) && isPlainObject(base.value.metadata) ? base.value.metadata.name : undefined];
        if (typeof meta.name === 'string' && !names.includes(meta.name)) continue;
      }
      const c = correspond(object, existing, document.value);
      if (c.depth !== existing.length || existing.length === 0) continue;
      const setsIt = exists && !isCollection(renderedValue) ? isDeepEqual(c.value, renderedValue) : !baseHas;
      if (!setsIt) continue;
      return location(locateIn(loaded.source, document, c.path), 'patch', exists);
    }
  }

  if (origin.type === 'resource' && base) {
    const document = cache.document(base.filePath, base.documentIndex)!;
    const file = cache.file(base.filePath)!;
    const c = correspond(object, path, base.value);
    const target = [...base.path, ...c.path, ...(c.depth === path.length ? [] : path.slice(c.depth))];
    const l = locateIn({ file, filePath: base.filePath, translate: (line, column) => ({ line, column }) }, document, target);
    return location(l, 'base', l.exact);
  }
  if (origin.type === 'template') {
    const l = templateLocation(origin.filePath, existing, renderedValue, cache);
    return { ...l, exact: l.exact && exists };
  }
  if (origin.type === 'generator') return generatorLocation(origin.filePath, object, cache);
  return location(fileStart(origin.type === 'resource' ? origin.ref.filePath : origin.filePath), 'unknown', false);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The line of a Helm template that writes `path`'s key: among the lines `key:` of the template, the one whose text
 * also holds the value, else the only one, else the first; a missing key: the deepest existing key's line; else the
 * template's first line.
 */
export function templateLocation(filePath: string, path: Path, value: unknown, cache: SourceCache): MappedLocation {
  const text = cache.text(filePath);
  if (text === undefined) return location(fileStart(filePath), 'template', false);
  const lines = text.split('\n');
  const keys = path.filter((s): s is string => typeof s === 'string');
  for (let k = keys.length - 1; k >= 0; k--) {
    const key = keys[k];
    const re = new RegExp(`^(\\s*(?:-\\s+)?)(["']?)${escapeRegExp(key)}\\2\\s*:`);
    const hits: Array<{ line: number; column: number; text: string }> = [];
    lines.forEach((l, i) => {
      const m = re.exec(l);
      if (m) hits.push({ line: i + 1, column: m[1].length + 1, text: l });
    });
    if (hits.length === 0) continue;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- not a collection: a scalar of the rendered object
    const scalar = k === keys.length - 1 && value !== undefined && !isCollection(value) ? String(value) : undefined;
    const withValue =
      scalar !== undefined
        ? hits.filter(
            (h) =>
              h.text
                .slice(h.text.indexOf(':') + 1)
                .trim()
                .replace(/^["']|["']$/g, '') === scalar,
          )
        : [];
    const hit = withValue[0] ?? hits[0];
    const exact = k === keys.length - 1 && path[path.length - 1] === key;
    return {
      filePath,
      line: hit.line,
      column: hit.column,
      endLine: hit.line,
      endColumn: hit.column + key.length + (hit.text[hit.column - 1] === '"' || hit.text[hit.column - 1] === "'" ? 2 : 0),
      via: 'template',
      exact,
    };
  }
  return location(fileStart(filePath), 'template', false);
}

function generatorLocation(filePath: string, object: Record<string, unknown>, cache: SourceCache): MappedLocation {
  const file = cache.file(filePath);
  const document = file?.documents[0];
  const name = isPlainObject(object.metadata) && typeof object.metadata.name === 'string' ? object.metadata.name : '';
  const field = object.kind === 'Secret' ? 'secretGenerator' : 'configMapGenerator';
  if (file && document && isPlainObject(document.value)) {
    const list = Array.isArray(document.value[field]) ? (document.value[field] as unknown[]) : [];
    const matches = list
      .map((g, i) => ({ i, name: isPlainObject(g) && typeof g.name === 'string' ? g.name : undefined }))
      .filter((g): g is { i: number; name: string } => g.name !== undefined && name.includes(g.name))
      .sort((a, b) => b.name.length - a.name.length);
    if (matches.length > 0) {
      const l = locateIn({ file, filePath, translate: (line, column) => ({ line, column }) }, document, [field, matches[0].i, 'name']);
      return location(l, 'generator', false);
    }
  }
  return location(fileStart(filePath), 'generator', false);
}

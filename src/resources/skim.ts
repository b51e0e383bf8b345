/**
 * The skim: the index pass's reading of a file, one that builds only what the index keeps of each object
 * (`indexedObject`, `withoutSchemas` in resources.ts) instead of its whole value. The block reader reads the whole
 * file as it always does (src/parse/block-reader.ts, blockSkim: every line, every check, giving up where it gives
 * up, but for duplicate keys and two shapes of empty sequence items, read as the `yaml` package reads them, which
 * reads such files on the other paths), and builds of each document only what `documentWant` asks for:
 * - `apiVersion` and `kind`, and every key while they are not both known yet (a document that names them late is
 *   built whole from there on);
 * - the whole document for the kinds kept whole (`wholeKinds`), kinds ending in `List` (their items are the objects);
 * - a CustomResourceDefinition whole but for its schemas (`spec.validation`, `spec.versions[].schema`), of which only
 *   whether they hold an `openAPIV3Schema` map is read (what withoutSchemas records);
 * - for other kinds, `metadata`'s name, generateName, namespace and labels, and a workload's pod template's labels
 *   (and whether the template holds `containers`, which tells a configured template from a pod spec: podPathsOf).
 *
 * `entriesOf` then makes the entries from those values exactly as from whole ones, so the entries are the same as the
 * full reading's (test/skim.test.ts compares them on every file of the shared corpus, hand-written cases and fuzzed
 * text). Where the block reader does not read a file, skimEntries gives undefined and the caller reads it whole.
 */
import { podPathsOf } from '../k8s/index.js';
import { lastSkimIsJson, skimText, type KeyWant, type Want } from '../parse/index.js';
import type { Path } from '../shared/types.js';
import { entriesOf, type FileEntries } from './resources.js';

/** The keys of `metadata` the index keeps (metadataEssentials). */
const ESSENTIALS = new Set(['name', 'generateName', 'namespace', 'labels']);
const METADATA: KeyWant = { key: (key) => (ESSENTIALS.has(key) ? 'whole' : 'skip') };
const POD_METADATA: KeyWant = { key: (key) => (key === 'labels' ? 'whole' : 'skip') };

/** A schema (`spec.validation`, `spec.versions[].schema`): whether it holds an `openAPIV3Schema` map, nothing more. */
const SCHEMA: KeyWant = { key: (key) => (key === 'openAPIV3Schema' ? 'shape' : 'skip') };
const CRD_VERSION: KeyWant = { key: (key) => (key === 'schema' ? SCHEMA : 'whole') };
const CRD_SPEC: KeyWant = { key: (key) => (key === 'validation' ? SCHEMA : key === 'versions' ? { item: CRD_VERSION } : 'whole') };

/**
 * The map at `path.slice(0, from)` on the way to a pod template's metadata (`path`): the next key on the path; at the
 * template, its metadata's labels and whether it holds `containers`.
 */
function along(path: readonly string[], from: number): KeyWant {
  const last = from === path.length - 1;
  return {
    key: (key) => {
      if (key === path[from]) return last ? POD_METADATA : along(path, from + 1);
      return last && key === 'containers' ? 'shape' : 'skip';
    },
  };
}

/** What the index needs of a document's top-level key, from the apiVersion and kind read before it. */
function topWant(key: string, built: Record<string, unknown>, wholeKinds: ReadonlySet<string>): Want {
  if (key === 'apiVersion' || key === 'kind') return 'whole';
  const { kind, apiVersion } = built;
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return 'whole';
  if (kind === 'CustomResourceDefinition') return key === 'spec' ? CRD_SPEC : 'whole';
  if (wholeKinds.has(kind) || kind.endsWith('List')) return 'whole';
  const podMetadata: Path | undefined = podPathsOf({ kind, apiVersion })?.metadata;
  // A template's metadata (`spec.template.metadata`); a path through a list or through `metadata` is read whole.
  const onPath = podMetadata !== undefined && podMetadata.length > 1 && podMetadata[0] === key;
  if (onPath && (key === 'metadata' || !podMetadata.every((k) => typeof k === 'string'))) return 'whole';
  if (key === 'metadata') return METADATA;
  return onPath ? along(podMetadata as string[], 1) : 'skip';
}

/**
 * The index entries of a file's text as `entriesOf` gives them for the whole reading, or undefined when the block
 * reader does not read the file (the caller parses it whole: aliases, tags, errors, templates and the rest). Called
 * with the run's `podTemplates` known (withPodTemplates), as entriesOf is.
 */
export function skimEntries(text: string, filePath: string, bomLength: number, wholeKinds: ReadonlySet<string>): FileEntries | undefined {
  const want: KeyWant = { key: (key, built) => topWant(key, built, wholeKinds) };
  const file = skimText(text, filePath, bomLength, want);
  return file && entriesOf(file, wholeKinds, undefined, true, lastSkimIsJson());
}

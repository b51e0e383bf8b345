/**
 * render: the data the render stage hands to the engine. Everything here is plain data (JSON-serialisable, so it can
 * cross to a worker thread); the functions that make and read it live in the other modules of src/render/.
 */
import type { KubeObject } from '../check-api.js';
import type { Path } from '../shared/types.js';

/** A position in a source file (1-based, end exclusive like ESLint's). */
export interface SourceLocation {
  filePath: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where a piece of YAML sits: a file, a document of it, a path inside that document. */
export interface DocumentRef {
  filePath: string;
  /** 0-based document index in the file. */
  documentIndex: number;
  /** Path inside the document ([] for the whole document). */
  path: Path;
}

/** Kustomize's patch target selector (also Flux's and Argo CD's). */
export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** One patch that may apply to rendered objects, with where its text sits. */
export interface PatchSource {
  type: 'strategic-merge' | 'json6902';
  /** The patch document: a file's document (path []), or an inline string (path to the string scalar). */
  ref: DocumentRef;
  /** True when `ref` points at a string scalar that holds the patch's YAML text. */
  inline: boolean;
  /** Explicit selector; absent for a strategic-merge patch, whose own kind/name select. */
  target?: PatchTarget;
}

/** Settings a Flux Kustomization or Argo CD Application adds on top of a kustomization folder. */
export interface KustomizeSettings {
  namespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  images?: unknown[];
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
  /** Inline patches, in the order they apply. */
  patches: Array<PatchSource & { text: string }>;
}

export interface HelmSettings {
  releaseName: string;
  namespace?: string;
  /** Values files (absolute), in order. */
  valuesFiles: string[];
  /** Inline values (Flux `spec.values`, Argo `helm.valuesObject`/`helm.values`), applied after the files. */
  values?: unknown;
  /** `--set` pairs (Argo `helm.parameters`). */
  set: Array<[string, string]>;
}

/** The GitOps object an entry point was reached through. */
export interface EntryVia {
  kind: 'FluxKustomization' | 'FluxHelmRelease' | 'ArgoApplication';
  name: string;
  ref: DocumentRef;
}

/** Something that deploys objects: a kustomization folder or a Helm chart, possibly through a Flux/Argo object. */
export interface EntryPoint {
  /** Stable id: `kustomize:apps/prod`, `helm:charts/web`, suffixed `@<file>#<doc>` when reached through an object. */
  id: string;
  tool: 'kustomize' | 'helm';
  /** Absolute folder that is rendered. */
  dir: string;
  /** The kustomization file or Chart.yaml: where render errors are reported. */
  file: string;
  via?: EntryVia;
  kustomize?: KustomizeSettings;
  helm?: HelmSettings;
  /** Namespace objects without one land in (Argo `destination.namespace`, Helm release namespace), if known. */
  defaultNamespace?: string;
}

export type RenderMessageId = 'remote' | 'outsideRepository' | 'renderFailed' | 'renderTimeout' | 'outputTooLarge' | 'notInRepository';

/** A diagnostic of the render stage, at a source position. Severity: 0 notice, 2 error. */
export interface RenderDiagnostic extends SourceLocation {
  severity: 0 | 2;
  messageId: RenderMessageId;
  message: string;
  /** The entry point it is about, when there is one. */
  entryPoint?: string;
}

export interface DiscoveryResult {
  entryPoints: EntryPoint[];
  /** Notices (remote bases/charts, paths outside the repository), one per line that names them. */
  diagnostics: RenderDiagnostic[];
  /** Entry points that must not be rendered (a remote base, a folder outside the repository): ids. */
  unrenderable: string[];
}

/** Where a rendered object came from. */
export type ObjectOrigin =
  /** A resource document of a file (kustomize origin annotation, or a Helm template). */
  | { type: 'resource'; ref: DocumentRef }
  /** A Kustomize generator (configMapGenerator, secretGenerator) configured in this kustomization. */
  | { type: 'generator'; filePath: string }
  /** A Helm template file (`# Source:`), the object's text not being YAML before rendering. */
  | { type: 'template'; filePath: string }
  /** Origin unknown: the entry point's file. */
  | { type: 'unknown'; filePath: string };

/** One object an entry point deploys, as the tools render it (kubeward's own annotations removed). */
export interface RenderedObject {
  object: KubeObject;
  /** Ids of the entry points that deploy this very object (same source, same content). */
  entryPoints: string[];
  /** Effective namespace: metadata.namespace, else the entry point's default namespace (namespaced kinds only). */
  namespace?: string;
  origin: ObjectOrigin;
  /** Patches that may have changed it, in the order they apply (later wins). */
  patches: PatchSource[];
}

export interface EntryRender {
  entryPoint: string;
  status: 'rendered' | 'failed' | 'skipped' | 'toolMissing';
  /** Milliseconds the tool ran. */
  durationMs: number;
  objectCount: number;
}

/** A tool the run needed and could not find: the engine prints `message` once per run. */
export interface NotRendered {
  tool: 'kustomize' | 'helm';
  message: string;
  entryPoints: string[];
}

export interface RenderRun {
  entryPoints: EntryPoint[];
  renders: EntryRender[];
  /** Every rendered object, merged across entry points. */
  objects: RenderedObject[];
  /** Source files that rendered entry points read: the engine lints them only through the render. Sorted. */
  consumedFiles: string[];
  diagnostics: RenderDiagnostic[];
  notRendered: NotRendered[];
}

/** A value a patch sets, for checks that run on patches without rendering (see setValuesOfPatch). */
export interface SetValue {
  /** The object the patch applies to: the SMP document's own identity, or the patch's target. */
  target: PatchTarget;
  /** Path inside the target object (JSON 6902 `-` kept as the string '-'). */
  path: Path;
  value: unknown;
  location: SourceLocation;
}

/** Where the value at a path of a rendered object is set. */
export interface MappedLocation extends SourceLocation {
  /** What the location is: a patch line, the base object's node, a Helm template line, the entry point's file. */
  via: 'patch' | 'base' | 'template' | 'generator' | 'unknown';
  /** True when the whole path was found (false: the deepest existing node). */
  exact: boolean;
}

/**
 * A patch checked without rendering (its entry point was not rendered): the partial object it sets, as a patch of
 * that kind would write it, and where each of its values sits in the source.
 */
export interface PatchObject {
  /** The object the patch applies to: the strategic-merge document's identity, or the patch's target. */
  target: PatchTarget;
  /** The values the patch sets, as an object of the target's kind (apiVersion, kind, metadata.name filled in). */
  object: Record<string, unknown>;
  /** Each value's path in `object` and its source position; the rest of `object` was filled in. */
  values: Array<{ path: Path; location: SourceLocation }>;
  /** The file the patch's text is in (a patch file, or the kustomization or Flux/Argo object that holds it inline). */
  filePath: string;
}

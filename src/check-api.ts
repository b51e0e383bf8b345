/**
 * The contract between the engine and a check. A check is `{ meta, check }`: pure, it reads one object (and, for
 * repository-wide checks, the index of every object) and returns findings as paths. It never reads files, prints,
 * decides severity or looks at configuration: the engine owns all of that.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { Path } from './shared/types.js';

/** A Kubernetes object as decoded from YAML: its shape is not trusted (the schema stage reports bad shapes). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface Resource {
  readonly object: KubeObject;
  readonly apiVersion: string;
  readonly kind: string;
  /** `metadata.name`, or `metadata.generateName`, or undefined. */
  readonly name: string | undefined;
  /** The namespace the object lands in: `metadata.namespace`, else one set by a kustomization, else undefined. */
  readonly namespace: string | undefined;
  /** Where the effective namespace came from. */
  readonly namespaceSource: 'metadata' | 'kustomization' | undefined;
  /** Absolute path of the file that holds the object. */
  readonly filePath: string;
  /** 0-based index of the YAML document in its file. */
  readonly documentIndex: number;
  /** Where the object sits in its document: [] for a top-level object, ['items', 3] for a `kind: List` item. */
  readonly basePath: Path;
  /** True for files a kustomization lists under `patches`/`patchesStrategicMerge`: partial objects on purpose. */
  readonly isPatch: boolean;
  /** True when the file is one of those asked for (not only read for repository-wide checks). */
  readonly linted: boolean;
}

/** Object identity used in messages and baselines: `Deployment/shop/web` or `ClusterRole/admin`. */
export function resourceId(resource: Pick<Resource, 'kind' | 'namespace' | 'name'>): string {
  return [resource.kind, resource.namespace, resource.name ?? '<unnamed>'].filter((p) => p !== undefined).join('/');
}

/** What a check needs to know about every object of the repository (repository-wide checks). */
export interface ResourceIndex {
  /**
   * Every object. An object other than the one being checked holds only what the index keeps of it: the whole object
   * for the kinds checks list in `meta.reads`, the apiVersion, kind, metadata name, namespace and labels, and pod
   * labels, of the rest.
   */
  readonly all: readonly Resource[];
  /** Objects whose effective namespace is `namespace` (cluster-scoped objects have none). */
  inNamespace(namespace: string): readonly Resource[];
  ofKind(kind: string): readonly Resource[];
  find(kind: string, namespace: string | undefined, name: string): Resource | undefined;
}

export interface CheckContext<Options = Record<string, unknown>> {
  /** The check's options: its `defaultOptions` merged with the user's. */
  options: Options;
  /** The Kubernetes version linted against, `major.minor`. */
  kubernetesVersion: string;
  /** Every object of the repository (not only the linted files). */
  index: ResourceIndex;
}

export interface Finding {
  messageId: string;
  data?: Record<string, string | number>;
  /** Where in the object: keys and sequence indexes from the object's root. */
  path: Path;
  /** Point at the key instead of the value (e.g. an unknown field). */
  pointAt?: 'key' | 'value';
  /**
   * A finding whose default level differs from the check's (a `seccompProfile: Unconfined` is an error in a
   * check that otherwise warns). Applies only while the user has not set the check's level. `info`: a notice
   * (severity 0, in `result.notices`, never counted), whatever the check's level.
   */
  level?: 'error' | 'warning' | 'info';
  /**
   * The automatic fix, as a path and a value (src/fix.ts turns it into a text edit). Only where it cannot change what
   * the workload is meant to do; `strict` is the stricter alternative `--fix-type strict` applies instead.
   */
  fix?: FixOp & { strict?: FixOp };
  /**
   * ESLint-style suggestions: repairs offered, never applied by --fix (they need a person's judgement), e.g. a
   * default-deny NetworkPolicy appended as a new document. Only for checks with `meta.hasSuggestions`.
   */
  suggestions?: Array<{ desc: string; fix: FixOp | AppendDocument }>;
  /**
   * `namespace`: a finding about the object's namespace as a whole (no quota, no policy). The engine reports it once
   * per namespace, on the namespace's Namespace object, else on its first workload in repository order, and drops it
   * on every other object; the check yields it wherever it applies.
   */
  reportOnce?: 'namespace';
  /**
   * For checks with `meta.subIds`: the finding is reported under the rule id `<meta.id>/<ruleSuffix>` (the `vap` check
   * reports `vap/<policy name>`). `rules` may set `<meta.id>/<ruleSuffix>` apart from `<meta.id>`; a directive or an
   * annotation naming either suppresses it.
   */
  ruleSuffix?: string;
}

/** A new YAML document (a whole object) appended at the end of the file of the object the finding is about. */
export interface AppendDocument {
  op: 'appendDocument';
  value: { [key: string]: FixValue };
}

export type FixScalar = string | number | boolean;
export type FixValue = FixScalar | FixValue[] | { [key: string]: FixValue };

/**
 * A declarative fix, with a path from the object's root like a finding's:
 * - `set`: the field gets `value`; maps missing along the path are created; an empty value (`key:`) is filled.
 * - `add`: `value` is appended to the sequence at `path` (created when missing), unless it is already there.
 */
export type FixOp = { op: 'set'; path: Path; value: FixValue } | { op: 'add'; path: Path; value: FixScalar };

/** A category from the hardening guides, for docs/checks.md and SARIF tags. */
export type Guideline = string;

export interface CheckMeta {
  /** Public id, also the folder name under checks/. */
  id: string;
  /** One sentence, "what is checked". */
  description: string;
  /** Default level in the recommended preset. */
  severity: 'error' | 'warning';
  /**
   * Object kinds the check applies to, as plain kind names (`Deployment`); the engine filters, the check never asks.
   * `WORKLOAD_KINDS` (src/k8s) for every kind that holds a pod template. Omitted: every kind.
   */
  kinds?: readonly string[];
  /** The API groups `kinds` must be served from (`''` is the core group), as in RBAC rules. Omitted: any group. */
  apiGroups?: readonly string[];
  /**
   * `object`: looks at one object; `repository`: also reads other objects through `context.index` (and then lists
   * them in `reads`).
   */
  scope: 'object' | 'repository';
  /**
   * The kinds a repository-wide check reads whole from `context.index`. The index keeps every object's apiVersion,
   * kind, metadata name, namespace and labels, and workloads' pod labels; of the kinds listed here by any check, it
   * keeps the whole object.
   */
  reads?: readonly string[];
  /** The check also runs on Kustomize patch files, which hold partial objects on purpose (default: it does not). */
  appliesToPatches?: boolean;
  /**
   * Messages of other checks that this check's messages replace at the same position: one problem, one message
   * (no-deprecated-api supersedes the schema rule's "apiVersion not served", saying more).
   */
  supersedes?: ReadonlyArray<{ ruleId: string; messageId: string }>;
  /** Message templates by id, with `{{placeholders}}` filled from a finding's `data` (and `{{object}}`). */
  messages: Record<string, string>;
  /** How to fix, one or two sentences, shown with every finding. */
  remediation: string;
  /** The hardening guidance it enforces, e.g. "NSA/CISA Kubernetes Hardening Guide: non-root containers". */
  guideline: Guideline;
  /** JSON Schema of the options object. */
  schema?: Record<string, unknown>;
  defaultOptions?: Record<string, unknown>;
  /**
   * Options the `strict` preset sets over `defaultOptions` (the user's still win): a stricter reading that only strict
   * wants (apparmor-profile reports containers that name no profile).
   */
  strictOptions?: Record<string, unknown>;
  /** In the `recommended` preset (default true). Everything is in `strict`. */
  recommended?: boolean;
  /** The check offers automatic fixes. */
  fixable?: boolean;
  /** The check offers suggestions (ESLint's `meta.hasSuggestions`). */
  hasSuggestions?: boolean;
  /**
   * The check reports under sub-ids, `<id>/<suffix>` (`Finding.ruleSuffix`): one check for many rules that only the
   * repository knows, e.g. one per ValidatingAdmissionPolicy. `<id>` configures them all.
   */
  subIds?: boolean;
  /** Where the check is documented (ESLint's `meta.docs.url`). Built-in checks get their README's address. */
  docs?: { url?: string };
}

export interface Check<Options = any> {
  meta: CheckMeta;
  check(resource: Resource, context: CheckContext<Options>): Iterable<Finding>;
}

/**
 * Per-container checks (kube-linter's `PerContainerCheck`): "for each container of any workload kind" in one place, so
 * a container check is its predicate and its messages. The choices every container check makes are explicit here:
 *
 * - which containers: `containers`, `initContainers` and `ephemeralContainers` of every workload kind, shape-safe
 *   (`containersOf` in src/k8s), or only the `lists` given (resource-limits leaves out ephemeral containers, which may
 *   not set resources);
 * - Windows pods (`spec.os.name: windows`): `windowsPods: 'skip'` for Linux-only controls (capabilities, seccomp,
 *   SELinux, allowPrivilegeEscalation), which the Pod Security Standards exempt them from; `'check'` otherwise (the
 *   predicate still sees `isWindowsPod(c.pod)`, e.g. to offer no fix there);
 * - the pod level: an optional `pod` predicate runs once per pod spec, before the containers, under the same Windows
 *   rule (selinux-options checks the pod's securityContext, then each container's).
 */
import {
  CONTAINER_LISTS,
  type ContainerListName,
  type ContainerLocation,
  containersOf,
  isWindowsPod,
  podSpecOf,
  type PodSpecLocation,
  WORKLOAD_KINDS,
} from '../../src/k8s/index.js';
import type { Check, CheckContext, CheckMeta, Finding, Resource } from '../../src/check-api.js';

/** What a predicate returns: nothing, one finding, or several (an array, or a generator's findings). */
export type Findings = Finding | Iterable<Finding> | undefined | void;

export interface ContainerSelection {
  /** `skip`: Windows pods are not looked at (Linux-only controls). `check`: they are, like any other pod. */
  windowsPods: 'skip' | 'check';
  /** The container lists looked at; default every list (containers, initContainers, ephemeralContainers). */
  lists?: readonly ContainerListName[];
}

/** The containers of an object a check looks at, in document order: list by list, then by index. */
export function selectContainers(resource: Resource, selection: ContainerSelection): ContainerLocation[] {
  const lists = selection.lists ?? CONTAINER_LISTS;
  return containersOf(resource.object).filter((c) => lists.includes(c.list) && !(selection.windowsPods === 'skip' && isWindowsPod(c.pod)));
}

/** Adds what a predicate returned to `out`. */
function addFindings(out: Finding[], found: Findings): void {
  if (found === undefined) return;
  if (typeof (found as Iterable<Finding>)[Symbol.iterator] === 'function') for (const f of found as Iterable<Finding>) out.push(f);
  else out.push(found as Finding);
}

/** The findings of `container` on each selected container of `resource`, in order. For checks that do more than that. */
export function* perContainer(resource: Resource, selection: ContainerSelection, container: (c: ContainerLocation) => Findings): Generator<Finding> {
  const out: Finding[] = [];
  for (const c of selectContainers(resource, selection)) addFindings(out, container(c));
  yield* out;
}

export interface PerContainerCheck<Options> extends ContainerSelection {
  /** The check's meta, written out in full (`kinds` must be workload kinds: `WORKLOAD_KINDS` or some of them). */
  meta: CheckMeta;
  /** The pod-level predicate: once per pod spec, before the containers. */
  pod?(pod: PodSpecLocation, context: CheckContext<Options>, resource: Resource): Findings;
  /** The container predicate: once per selected container. */
  container(c: ContainerLocation, context: CheckContext<Options>, resource: Resource): Findings;
}

/** A whole `Check` from its meta, its container selection and its predicates. */
export function perContainerCheck<Options = Record<string, unknown>>(spec: PerContainerCheck<Options>): Check<Options> {
  const { meta } = spec;
  const pod = spec.pod?.bind(spec);
  const container = spec.container.bind(spec);
  const strays = (meta.kinds ?? ['(every kind)']).filter((kind) => !(WORKLOAD_KINDS as readonly string[]).includes(kind));
  if (strays.length) throw new Error(`Check "${meta.id}": a per-container check applies to workload kinds only, not ${strays.join(', ')}`);
  const selection: ContainerSelection = { windowsPods: spec.windowsPods, ...(spec.lists && { lists: spec.lists }) };
  return {
    meta,
    // An array, not a generator: every check of every workload runs this, and the engine takes all findings at once
    // anyway (nested generators were most of its time).
    check(resource, context) {
      const out: Finding[] = [];
      if (pod) {
        const spec = podSpecOf(resource.object);
        if (spec && !(selection.windowsPods === 'skip' && isWindowsPod(spec))) addFindings(out, pod(spec, context, resource));
      }
      for (const c of selectContainers(resource, selection)) addFindings(out, container(c, context, resource));
      return out;
    },
  };
}

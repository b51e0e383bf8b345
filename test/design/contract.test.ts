/**
 * The check contract (src/check-api.ts) has no hidden rules: what a check's meta says is what the engine does, so the
 * meta must say it right. Every check, the schema rule included:
 * - a repository-wide check lists what it reads whole from the index (`reads`), or says why it reads nothing;
 *   an object check reads nothing from the index;
 * - kinds, in `kinds` and `reads`, are written one way: a kind name (`Deployment`), never `group/Kind`; a kind
 *   Kubernetes does not serve itself needs `apiGroups` (where to filter) or, in `reads`, to be a custom kind known here;
 * - `supersedes` names an existing check and one of its message ids; `appliesToPatches` is a boolean.
 * And the per-container helper keeps every container check's choices (lists, Windows pods, the pod level).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { perContainer, perContainerCheck, selectContainers } from '../../checks/_lib/per-container.js';
import type { Check, CheckContext, Resource } from '../../src/check-api.js';
import { CLUSTER_SCOPED_KINDS, containerLabel, NAMESPACED_KINDS, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import { createSchemaCheck } from '../../src/validate/index.js';
import { projectRoot } from '../shared-dir.js';

const all: readonly Check[] = [createSchemaCheck(), ...checks];
const byId = new Map(all.map((c) => [c.meta.id, c]));

/** A kind name as Kubernetes writes it in `kind:` (no group, no version, no plural). */
const KIND_NAME = /^[A-Z][A-Za-z0-9]*$/;
/** An API group: '' (core), or lower-case DNS labels (`apps`, `networking.k8s.io`). */
const API_GROUP = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const BUILTIN_KINDS = new Set<string>([...CLUSTER_SCOPED_KINDS, ...NAMESPACED_KINDS, ...WORKLOAD_KINDS]);
/** Kinds Kubernetes does not serve that checks read from the index, with their group: add one here on purpose. */
const CUSTOM_KINDS_READ: Record<string, string> = { CiliumNetworkPolicy: 'cilium.io' };

/** The source of a built-in check (the schema rule lives in src/validate). */
function sourceOf(id: string): string | undefined {
  const file = path.join(projectRoot, 'checks', id, 'index.ts');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

describe('the check contract', () => {
  it('covers the schema rule and every built-in check', () => {
    expect(all.length).toBeGreaterThan(30);
    expect(byId.size).toBe(all.length);
  });

  for (const check of all) {
    const { meta } = check;
    describe(meta.id, () => {
      it('is repository-wide exactly when it reads other objects, and then lists what it reads (reads)', () => {
        const source = sourceOf(meta.id);
        if (meta.scope === 'repository') {
          expect(meta.reads, 'a repository-wide check lists the kinds it reads whole from the index, in `reads`').toBeDefined();
          expect(Array.isArray(meta.reads)).toBe(true);
          if (meta.reads!.length === 0 && source !== undefined) {
            expect(source, 'an empty `reads` says why, in a comment next to it').toMatch(/\/\/[^\n]*\n\s*reads: \[\]|reads: \[\],?[ \t]*\/\/[ \t]*\S/);
          }
        } else {
          expect(meta.reads, 'an object check reads nothing from the index: no `reads`').toBeUndefined();
          if (source !== undefined) expect(source, 'an object check does not use context.index (make it scope: repository)').not.toMatch(/context\.index/);
        }
      });

      it('writes kinds one way: kind names, never group/Kind', () => {
        for (const kind of [...(meta.kinds ?? []), ...(meta.reads ?? [])]) expect(kind, `"${kind}" is not a kind name`).toMatch(KIND_NAME);
        expect(new Set(meta.kinds ?? []).size, 'no kind twice in kinds').toBe((meta.kinds ?? []).length);
        expect(new Set(meta.reads ?? []).size, 'no kind twice in reads').toBe((meta.reads ?? []).length);
      });

      it('reads real kinds: built-in ones, or custom kinds known by their group', () => {
        for (const kind of meta.reads ?? []) {
          expect(BUILTIN_KINDS.has(kind) || kind in CUSTOM_KINDS_READ, `reads "${kind}": neither a built-in kind nor in CUSTOM_KINDS_READ`).toBe(true);
        }
      });

      it('filters kinds Kubernetes does not serve by their API group (apiGroups)', () => {
        const custom = (meta.kinds ?? []).filter((kind) => !BUILTIN_KINDS.has(kind));
        if (custom.length) expect(meta.apiGroups, `kinds ${custom.join(', ')} are not built-in: say their group in apiGroups`).toBeDefined();
        if (meta.apiGroups) {
          expect(meta.kinds, 'apiGroups narrows kinds: give kinds too').toBeDefined();
          for (const group of meta.apiGroups) expect(group, `"${group}" is not an API group`).toMatch(API_GROUP);
        }
      });

      it('names existing checks and message ids in supersedes; appliesToPatches is a boolean', () => {
        if (meta.appliesToPatches !== undefined) expect(typeof meta.appliesToPatches).toBe('boolean');
        for (const s of meta.supersedes ?? []) {
          const other = byId.get(s.ruleId);
          expect(other, `supersedes names no check "${s.ruleId}"`).toBeDefined();
          expect(s.ruleId, 'a check does not supersede itself').not.toBe(meta.id);
          expect(Object.keys(other!.meta.messages), `"${s.ruleId}" has no message "${s.messageId}"`).toContain(s.messageId);
        }
      });
    });
  }
});

describe('perContainerCheck and perContainer (checks/_lib/per-container.ts)', () => {
  function resourceOf(object: Record<string, unknown>): Resource {
    const meta = object.metadata as { name?: string } | undefined;
    return {
      object: object as Resource['object'],
      apiVersion: String(object.apiVersion),
      kind: String(object.kind),
      name: meta?.name,
      namespace: undefined,
      namespaceSource: undefined,
      filePath: '/case.yaml',
      documentIndex: 0,
      basePath: [],
      isPatch: false,
      linted: true,
    };
  }
  const pod = (os?: string) =>
    resourceOf({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        ...(os && { os: { name: os } }),
        initContainers: [{ name: 'init' }],
        containers: [{ name: 'app' }, null, { image: 'x' }],
        ephemeralContainers: [{ name: 'debug' }],
      },
    });
  const context = { options: {}, kubernetesVersion: '1.33', index: undefined as never } satisfies CheckContext;
  const meta = {
    id: 'fixture',
    description: 'A fixture check.',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    messages: { at: '{{container}}' },
    remediation: 'None.',
    guideline: 'None.',
  } as const;
  const labels = (check: Check, resource: Resource) => [...check.check(resource, context)].map((f) => f.data?.container);

  it('visits every container list in order, shape-safe, and only the lists given', () => {
    expect(selectContainers(pod(), { windowsPods: 'check' }).map(containerLabel)).toEqual([
      'container "app"',
      'container "#2"',
      'init container "init"',
      'ephemeral container "debug"',
    ]);
    expect(selectContainers(pod(), { windowsPods: 'check', lists: ['initContainers'] }).map((c) => c.name)).toEqual(['init']);
  });

  it('skips Windows pods when told, pod level included, and checks them otherwise', () => {
    const check = (windowsPods: 'skip' | 'check') =>
      perContainerCheck({
        meta,
        windowsPods,
        pod: () => ({ messageId: 'at', data: { container: 'the pod' }, path: ['spec'] }),
        container: (c) => ({ messageId: 'at', data: { container: c.name }, path: c.path }),
      });
    expect(labels(check('skip'), pod('windows'))).toEqual([]);
    expect(labels(check('skip'), pod('linux'))).toEqual(['the pod', 'app', '#2', 'init', 'debug']);
    expect(labels(check('check'), pod('windows'))).toEqual(['the pod', 'app', '#2', 'init', 'debug']);
  });

  it('takes one finding, several, a generator or nothing from a predicate', () => {
    const finding = (name: string) => ({ messageId: 'at', data: { container: name }, path: [] });
    const check = perContainerCheck({
      meta,
      windowsPods: 'check',
      *container(c) {
        if (c.list === 'initContainers') {
          yield finding(`${c.name} 1`);
          yield finding(`${c.name} 2`);
        }
      },
    });
    expect(labels(check, pod())).toEqual(['init 1', 'init 2']);
    const some = [
      ...perContainer(pod(), { windowsPods: 'check' }, (c) =>
        c.list === 'containers' ? [finding(c.name), finding(c.name)] : c.list === 'ephemeralContainers' ? finding(c.name) : undefined,
      ),
    ];
    expect(some.map((f) => f.data?.container)).toEqual(['app', 'app', '#2', '#2', 'debug']);
  });

  it('refuses kinds that hold no pod', () => {
    expect(() => perContainerCheck({ meta: { ...meta, kinds: ['Deployment', 'Service'] }, windowsPods: 'check', container: () => undefined })).toThrow(
      /workload kinds only, not Service/,
    );
    expect(() => perContainerCheck({ meta: { ...meta, kinds: undefined }, windowsPods: 'check', container: () => undefined })).toThrow(/workload kinds only/);
  });

  it('is what the container checks are built with (no hand-written container loop left in a check)', () => {
    const loops = checks.map((c) => c.meta.id).filter((id) => /for \(const \w+ of containersOf\(/.test(sourceOf(id) ?? ''));
    expect(loops).toEqual([]);
  });
});

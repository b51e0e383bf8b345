/**
 * Params of any kind. The index keeps whole only the kinds that checks name in `meta.reads`, known before any file is
 * read; a policy's `paramKind` is known only once the policy is. After the index pass, the engine calls
 * `restoreParams`: the objects a binding's `paramRef` can select, of every `paramKind` the repository's policies name,
 * are read again from their files and put back whole, so a binding's `paramRef` finds ConfigMaps, custom resources,
 * Secrets or anything else the repository holds. ConfigMaps are no exception: most of a repository's ConfigMaps are no
 * policy's params, and their data was a fifth of what the index kept (docs/performance.md, "staged", session 10).
 */
import { isRecord } from '../k8s/index.js';
import type { KubeObject, Resource } from '../check-api.js';
import type { ReadObjects, Repository, RepositoryResource } from '../resources/index.js';

/**
 * What the repository's bindings can select as params (./vap.ts paramsFor): objects of these names, or any object
 * (`any`) when a binding's `paramRef` names none (a selector, or something vap.ts refuses: reading more is harmless).
 * Every binding counts, whatever policy it names: a superset of what any policy reads.
 */
function selectable(bindings: readonly Resource[]): { names: Set<string>; any: boolean } {
  const names = new Set<string>();
  let any = false;
  for (const binding of bindings) {
    const spec = binding.object.spec;
    const paramRef = isRecord(spec) ? spec.paramRef : undefined;
    if (!isRecord(paramRef)) continue;
    if (typeof paramRef.name === 'string' && paramRef.name) names.add(paramRef.name);
    else any = true;
  }
  return { names, any };
}

/**
 * Put the objects of the policies' `paramKind`s that a binding can select back whole, read again with `read` (kinds
 * kept whole are left). `rendered`: the run's rendered objects (whole already), whose policies and bindings count too,
 * as the repository they are added to holds them.
 */
export function restoreParams(repository: Repository, read: ReadObjects, wholeKinds: ReadonlySet<string>, rendered: readonly Resource[] = []): void {
  const wanted = new Set<string>();
  const kinds = new Set<string>();
  const policies = [...repository.index.ofKind('ValidatingAdmissionPolicy'), ...rendered.filter((r) => r.kind === 'ValidatingAdmissionPolicy' && !r.isPatch)];
  for (const policy of policies) {
    const paramKind = isRecord(policy.object.spec) ? policy.object.spec.paramKind : undefined;
    if (!isRecord(paramKind) || typeof paramKind.kind !== 'string' || typeof paramKind.apiVersion !== 'string') continue;
    if (wholeKinds.has(paramKind.kind)) continue;
    wanted.add(`${paramKind.apiVersion}\0${paramKind.kind}`);
    kinds.add(paramKind.kind);
  }
  if (wanted.size === 0) return;
  const bindings = [
    ...repository.index.ofKind('ValidatingAdmissionPolicyBinding'),
    ...rendered.filter((r) => r.kind === 'ValidatingAdmissionPolicyBinding' && !r.isPatch),
  ];
  const { names, any } = selectable(bindings);
  if (!any && names.size === 0) return;
  // Before anything sees objects of those kinds: a repository built from part of its files (src/resources/resources.ts)
  // that holds none of them yet reads them again only once a question takes them in (most runs that name a file never
  // ask about ConfigMaps), and then takes in their files only, not every file.
  repository.before(kinds, () => {
    const byFile = new Map<string, RepositoryResource[]>();
    for (const r of repository.ofKinds(kinds)) {
      if (!wanted.has(`${String(r.object.apiVersion)}\0${r.kind}`)) continue;
      const name = isRecord(r.object.metadata) ? r.object.metadata.name : undefined;
      if (!any && !(typeof name === 'string' && names.has(name))) continue;
      const list = byFile.get(r.filePath);
      if (list) list.push(r);
      else byFile.set(r.filePath, [r]);
    }
    for (const [filePath, resources] of byFile) {
      let values: ReturnType<ReadObjects>;
      try {
        values = read(filePath, resources);
      } catch {
        continue; // Gone or unreadable since the index pass: the params stay as indexed (identity and labels).
      }
      resources.forEach((r, i) => {
        const value = values[i];
        if (value && value.kind === r.kind) r.object = value as KubeObject;
      });
    }
  });
}

/**
 * Params of any kind. The index keeps whole only the kinds that checks name in `meta.reads`, known before any file is
 * read; a policy's `paramKind` is known only once the policy is. After the index pass, the engine calls
 * `restoreParams`: the objects of every `paramKind` the repository's policies name are read again from their files
 * and put back whole, so a binding's `paramRef` finds custom resources, Secrets or anything else the repository holds.
 */
import { isRecord } from '../k8s/index.js';
import type { KubeObject } from '../check-api.js';
import type { ReadObjects, Repository, RepositoryResource } from '../resources/index.js';

/** Put the objects of the policies' `paramKind`s back whole, read again with `read` (kinds kept whole are left). */
export function restoreParams(repository: Repository, read: ReadObjects, wholeKinds: ReadonlySet<string>): void {
  const wanted = new Set<string>();
  for (const policy of repository.index.ofKind('ValidatingAdmissionPolicy')) {
    const paramKind = isRecord(policy.object.spec) ? policy.object.spec.paramKind : undefined;
    if (!isRecord(paramKind) || typeof paramKind.kind !== 'string' || typeof paramKind.apiVersion !== 'string') continue;
    if (!wholeKinds.has(paramKind.kind)) wanted.add(`${paramKind.apiVersion}\0${paramKind.kind}`);
  }
  if (wanted.size === 0) return;
  const byFile = new Map<string, RepositoryResource[]>();
  for (const r of repository.resources) {
    if (!wanted.has(`${String(r.object.apiVersion)}\0${r.kind}`)) continue;
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
}

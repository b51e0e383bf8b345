import path from 'node:path';
import { isRecord, selectorMatches } from '../../src/k8s/index.js';
import type { Check, Finding, Resource, ResourceIndex } from '../../src/check-api.js';
import { rulesOf, stringsOf, subjectsOf, subjectsText } from '../_lib/rbac.js';

/** Where a role grants what cluster-admin grants: the rule, and the ClusterRole it comes from when aggregated. */
interface Grant {
  /** The role that holds the rule (the bound role, or one its aggregationRule selects). */
  holder: Resource;
  index: number;
  /** The aggregationRule selector of the bound role that picked `holder`, when it is not the bound role. */
  via?: number;
}

/** `*` in verbs, resources and apiGroups: every verb on every resource (subresources included) of every group. */
function grantsEverything(rule: Record<string, any>): boolean {
  const has = (field: string) => stringsOf(rule[field]).some((s) => s.value === '*');
  return has('verbs') && has('resources') && has('apiGroups');
}

/**
 * The rule of `role` that grants everything. An aggregated ClusterRole's rules are filled by the controller from the
 * ClusterRoles its `aggregationRule.clusterRoleSelectors` select: those of the repository are read (and theirs, when
 * they are aggregated too).
 */
function grantOf(role: Resource, index: ResourceIndex, seen = new Set<Resource>()): Grant | undefined {
  seen.add(role);
  const own = rulesOf(role.object).find(({ rule }) => grantsEverything(rule));
  if (own) return { holder: role, index: own.index };
  if (role.kind !== 'ClusterRole') return undefined;
  const selectors: unknown = isRecord(role.object.aggregationRule) ? role.object.aggregationRule.clusterRoleSelectors : undefined;
  if (!Array.isArray(selectors)) return undefined;
  for (const [via, selector] of selectors.entries()) {
    // An empty selector would select every ClusterRole; the API server refuses it, so it selects nothing here.
    if (!isRecord(selector) || Object.keys(selector).length === 0) continue;
    for (const other of index.ofKind('ClusterRole')) {
      if (seen.has(other) || other.isPatch) continue;
      const labels = isRecord(other.object.metadata?.labels) ? (other.object.metadata.labels as Record<string, unknown>) : {};
      const strings = Object.fromEntries(
        Object.entries(labels).flatMap(([k, v]) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? [[k, String(v)]] : [])),
      );
      if (!selectorMatches(selector, strings)) continue;
      const found = grantOf(other, index, seen);
      if (found) return { ...found, via: found.via ?? via };
    }
  }
  return undefined;
}

const rolesByName = new WeakMap<ResourceIndex, Map<string, Map<string, Resource[]>>>();

/** The repository's roles of `kind` by name, each list in index order (made once per index, not per binding). */
function rolesNamed(index: ResourceIndex, kind: 'Role' | 'ClusterRole'): Map<string, Resource[]> {
  let kinds = rolesByName.get(index);
  if (!kinds) rolesByName.set(index, (kinds = new Map()));
  let named = kinds.get(kind);
  if (!named) {
    kinds.set(kind, (named = new Map()));
    for (const r of index.ofKind(kind)) {
      if (r.name === undefined) continue;
      const list = named.get(r.name);
      if (list) list.push(r);
      else named.set(r.name, [r]);
    }
  }
  return named;
}

/**
 * The bound role as the repository holds it: a ClusterRole, or for a RoleBinding a Role of its namespace. When the
 * repository holds several of that name (two installs side by side), the one of the binding's file, else of its
 * folder, else the first.
 */
function boundRole(binding: Resource, roleRef: Record<string, any>, index: ResourceIndex): Resource | undefined {
  const name: unknown = roleRef.name;
  if (typeof name !== 'string') return undefined;
  const kind = roleRef.kind === 'ClusterRole' ? 'ClusterRole' : roleRef.kind === 'Role' && binding.kind === 'RoleBinding' ? 'Role' : undefined;
  if (!kind) return undefined;
  const namespace = kind === 'Role' ? (binding.namespace ?? 'default') : undefined;
  const candidates = (rolesNamed(index, kind).get(name) ?? []).filter((r) => (r.namespace ?? 'default') === (namespace ?? r.namespace ?? 'default'));
  const dir = path.dirname(binding.filePath);
  return candidates.find((r) => r.filePath === binding.filePath) ?? candidates.find((r) => path.dirname(r.filePath) === dir) ?? candidates[0];
}

/** `rules[0]`, with the file when it is not the binding's, relative to the binding's folder. */
function ruleText(grant: Grant, role: Resource, binding: Resource): string {
  const file =
    grant.holder.filePath === binding.filePath
      ? ''
      : ` (in ${path.relative(path.dirname(binding.filePath), grant.holder.filePath).split(path.sep).join('/')})`;
  if (grant.holder === role) return `rules[${grant.index}]${file}`;
  return `rules[${grant.index}] of ClusterRole "${grant.holder.name ?? '<unnamed>'}"${file}, which its aggregationRule.clusterRoleSelectors[${grant.via}] aggregates`;
}

const check: Check = {
  meta: {
    id: 'no-cluster-admin-binding',
    description:
      'No ClusterRoleBinding or RoleBinding grants the cluster-admin ClusterRole, or a role of the repository that grants as much (every verb on every resource of every API group).',
    severity: 'error',
    kinds: ['ClusterRoleBinding', 'RoleBinding'],
    scope: 'repository',
    reads: ['ClusterRole', 'Role'],
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: least privilege with RBAC; CIS Kubernetes Benchmark 5.1.1: ensure that the cluster-admin role is only used where required',
    messages: {
      clusterAdmin:
        '{{object}} grants cluster-admin to {{subjects}}: full control of every object in every namespace, Secrets and RBAC included. Bind a ClusterRole that lists only the verbs and resources they need',
      clusterAdminInNamespace:
        '{{object}} grants cluster-admin in namespace "{{namespace}}" to {{subjects}}: full control of every object in it, Secrets and RBAC included. Bind the built-in "edit" or "view" ClusterRole, or a Role that lists only what they need',
      equivalent:
        '{{object}} grants {{role}} to {{subjects}}, which is cluster-admin under another name: its {{rule}} allows every verb on every resource of every API group, so they get full control of every object in every namespace, Secrets and RBAC included. Bind a ClusterRole that lists only the verbs and resources they need',
      equivalentInNamespace:
        '{{object}} grants {{role}} in namespace "{{namespace}}" to {{subjects}}, which is cluster-admin under another name: its {{rule}} allows every verb on every resource of every API group, so they get full control of every object in the namespace, Secrets and RBAC included. Bind the built-in "edit" or "view" ClusterRole, or a Role that lists only what they need',
    },
    remediation:
      'Replace roleRef cluster-admin (or a role that grants * verbs on * resources in * API groups) with a role that lists only the verbs and resources the subjects need (the built-in edit or view ClusterRoles, or your own Role); keep cluster-admin for break-glass access outside the repository.',
  },
  *check(resource, context): Generator<Finding> {
    const roleRef = resource.object.roleRef;
    if (!isRecord(roleRef)) return;
    const subjects = subjectsText(subjectsOf(resource.object), resource.namespace);
    const namespace = resource.namespace ?? 'default';
    const at = ['roleRef', 'name'];
    if (roleRef.name === 'cluster-admin' && roleRef.kind !== 'Role') {
      if (resource.kind === 'ClusterRoleBinding') yield { messageId: 'clusterAdmin', data: { subjects }, path: at };
      else yield { messageId: 'clusterAdminInNamespace', data: { subjects, namespace }, path: at };
      return;
    }
    const role = boundRole(resource, roleRef, context.index);
    const grant = role && grantOf(role, context.index);
    if (!role || !grant) return;
    const data = { subjects, role: `${role.kind} "${role.name ?? '<unnamed>'}"`, rule: ruleText(grant, role, resource) };
    if (resource.kind === 'ClusterRoleBinding') yield { messageId: 'equivalent', data, path: at };
    else yield { messageId: 'equivalentInNamespace', data: { ...data, namespace }, path: at };
  },
};

export default check;

/** Reading RBAC objects: subjects, rules and their string lists, and how messages name a subject. */
import { isRecord } from '../../src/k8s/index.js';
import type { KubeObject } from '../../src/check-api.js';

/** An RBAC subject for messages: `ServiceAccount "ci/deployer"`, `Group "devs"`. */
export function subjectLabel(subject: Record<string, any>, bindingNamespace: string | undefined): string {
  const kind = typeof subject.kind === 'string' ? subject.kind : 'subject';
  const name = typeof subject.name === 'string' ? subject.name : '<unnamed>';
  if (kind === 'ServiceAccount') {
    const ns = typeof subject.namespace === 'string' && subject.namespace ? subject.namespace : bindingNamespace;
    return `ServiceAccount "${ns ? `${ns}/` : ''}${name}"`;
  }
  return `${kind} "${name}"`;
}

/** The subjects of a binding, listed for a message. */
export function subjectsText(subjects: Array<Record<string, any>>, bindingNamespace: string | undefined): string {
  if (subjects.length === 0) return 'no subject yet';
  return subjects.map((s) => subjectLabel(s, bindingNamespace)).join(', ');
}

/** The subjects of a binding that are objects. */
export function subjectsOf(object: KubeObject): Array<Record<string, any>> {
  return Array.isArray(object.subjects) ? object.subjects.filter(isRecord) : [];
}

/** The rules of a Role or ClusterRole that are objects, with their index. */
export function rulesOf(object: Record<string, any>): Array<{ rule: Record<string, any>; index: number }> {
  if (!Array.isArray(object.rules)) return [];
  return object.rules.flatMap((rule, index) => (isRecord(rule) ? [{ rule, index }] : []));
}

/** The strings of a list field, with their index (shape-safe). */
export function stringsOf(value: unknown): Array<{ value: string; index: number }> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, index) => (typeof v === 'string' ? [{ value: v, index }] : []));
}

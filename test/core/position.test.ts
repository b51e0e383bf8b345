import { describe, expect, it } from 'vitest';
import { formatPath, locate, parseText } from '../../src/parse/index.js';

function at(text: string, path: Array<string | number>, doc = 0, pointAt?: 'key' | 'value') {
  const file = parseText(text, 'x.yaml');
  const r = locate(file.documents[doc], path, file.lineCounter, file.text, pointAt);
  return [r.line, r.column, r.endLine, r.endColumn, r.exact] as const;
}

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: true
    - name: side
      image: busybox
`;

describe('locate', () => {
  it('points at a present scalar value', () => {
    expect(at(pod, ['spec', 'containers', 0, 'securityContext', 'privileged'])).toEqual([10, 21, 10, 25, true]);
  });
  it('points at the key when asked (an unknown field)', () => {
    expect(at(pod, ['spec', 'containers', 0, 'securityContext', 'privileged'], 0, 'key')).toEqual([10, 9, 10, 19, true]);
  });
  it('points at the key that holds a map', () => {
    expect(at(pod, ['spec', 'containers', 0, 'securityContext'])).toEqual([9, 7, 9, 22, true]);
  });
  it('points a missing field at the key of the deepest existing map', () => {
    expect(at(pod, ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'])).toEqual([9, 7, 9, 22, false]);
  });
  it("points a missing map inside a sequence item at the item's first line", () => {
    expect(at(pod, ['spec', 'containers', 1, 'securityContext', 'runAsNonRoot'])).toEqual([11, 7, 11, 17, false]);
  });
  it('points the root of a document at its first line', () => {
    expect(at(pod, [])).toEqual([1, 1, 1, 15, true]);
  });
  it('gives file-absolute lines in later documents, with CRLF and a BOM', () => {
    const text = '\uFEFFapiVersion: v1\r\nkind: ConfigMap\r\n---\r\napiVersion: v1\r\nkind: Pod\r\nspec:\r\n  hostPID: true\r\n';
    expect(at(text, ['spec', 'hostPID'], 1)).toEqual([7, 12, 7, 16, true]);
  });
  it('handles flow collections', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec: {containers: [{name: a, securityContext: {privileged: true}}]}\n';
    expect(at(text, ['spec', 'containers', 0, 'securityContext', 'privileged'])).toEqual([3, 61, 3, 65, true]);
    expect(at(text, ['spec', 'containers', 0, 'image'])).toEqual([3, 21, 3, 29, false]);
  });
  it('points an empty value at its key', () => {
    expect(at('a:\n  securityContext:\n  b: 1\n', ['a', 'securityContext'])).toEqual([2, 3, 2, 18, true]);
  });
});

describe('formatPath', () => {
  it('writes dotted paths with indexes and quoted odd keys', () => {
    expect(formatPath(['spec', 'containers', 0, 'securityContext'])).toBe('spec.containers[0].securityContext');
    expect(formatPath(['metadata', 'annotations', 'a.b/c'])).toBe('metadata.annotations["a.b/c"]');
  });
});

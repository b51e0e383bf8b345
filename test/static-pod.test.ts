/** The flag reader shared by the apiserver-* and etcd-tls checks (src/static-pod.ts). */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../src/check-api.js';
import { listValue, parseBool, processesOf } from '../checks/_lib/static-pod.js';

const pod = (container: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'c', ...container }] },
});
const flagsOf = (container: Record<string, unknown>, component: 'kube-apiserver' | 'etcd' = 'kube-apiserver') =>
  Object.fromEntries([...(processesOf(pod(container), component)[0]?.flags ?? new Map()).entries()].map(([k, f]) => [k, f.value]));

describe('processesOf', () => {
  it('reads command then args, both forms, the last occurrence winning', () => {
    const p = processesOf(pod({ command: ['kube-apiserver', '--a=1', '--b', '2'], args: ['--a=3', '--c', '-'] }), 'kube-apiserver')[0];
    expect(Object.fromEntries([...p.flags].map(([k, f]) => [k, [f.value, f.path]]))).toEqual({
      a: ['3', ['spec', 'containers', 0, 'args', 0]],
      b: ['2', ['spec', 'containers', 0, 'command', 3]],
      c: ['-', ['spec', 'containers', 0, 'args', 2]],
    });
    expect(p.missingPath).toEqual(['spec', 'containers', 0, 'command']);
  });

  it('a boolean flag takes its value only after "=", an unknown bare flag is true, "--" ends the flags', () => {
    const p = processesOf(pod({ command: ['kube-apiserver', '--anonymous-auth', 'false', '--x', '--y=1', '--', '--z=2'] }), 'kube-apiserver')[0];
    expect(p.flags.get('anonymous-auth')).toMatchObject({ value: 'true', strayValue: 'false' });
    expect(p.flags.get('x')?.value).toBe('true');
    expect(p.flags.has('z')).toBe(false);
  });

  it('finds the binary by command, full path, hyperkube, or image entrypoint; not behind a shell', () => {
    expect(flagsOf({ command: ['/usr/local/bin/kube-apiserver', '--a=1'] })).toEqual({ a: '1' });
    expect(flagsOf({ command: ['/hyperkube', 'apiserver', '--a=1'] })).toEqual({ a: '1' });
    expect(flagsOf({ image: 'registry.k8s.io/kube-apiserver-amd64:v1.31.2@sha256:abc', args: ['--a=1'] })).toEqual({ a: '1' });
    expect(processesOf(pod({ image: 'registry.k8s.io/kube-apiserver:v1.31.2', command: ['sh', '-c', 'kube-apiserver --a=1'] }), 'kube-apiserver')).toEqual(
      [],
    );
    expect(processesOf(pod({ image: 'example.com/kube-apiserver-proxy-exporter:1', args: ['--a=1'] }), 'kube-apiserver')).toEqual([]);
    expect(processesOf(pod({ command: ['etcdctl', 'get'] }), 'etcd')).toEqual([]);
  });

  it('etcd: single-dash flags and ETCD_ variables, flags first; --config-file is noted', () => {
    expect(
      flagsOf(
        {
          command: ['etcd', '-cert-file', '/a'],
          env: [
            { name: 'ETCD_CERT_FILE', value: '/b' },
            { name: 'ETCD_KEY_FILE', value: '/k' },
          ],
        },
        'etcd',
      ),
    ).toEqual({ 'cert-file': '/a', 'key-file': '/k' });
    expect(processesOf(pod({ command: ['etcd'], env: [{ name: 'ETCD_CONFIG_FILE', value: '/etc/etcd.yml' }] }), 'etcd')[0].configFile?.value).toBe(
      '/etc/etcd.yml',
    );
  });

  it('never throws on hostile shapes', () => {
    for (const container of [
      { command: 'x' },
      { command: [1, null] },
      { command: ['kube-apiserver'], args: [1, null, {}, []] },
      { image: 5, args: 'x' },
      { env: 'x', command: ['etcd'] },
    ]) {
      expect(() => processesOf(pod(container), 'kube-apiserver')).not.toThrow();
      expect(() => processesOf(pod(container), 'etcd')).not.toThrow();
    }
    expect(processesOf({ apiVersion: 'v1', kind: 'Pod', spec: { containers: 'x' } }, 'etcd')).toEqual([]);
  });
});

describe('parseBool and listValue', () => {
  it('read Go booleans and comma lists', () => {
    expect(['1', 't', 'TRUE', 'True'].map(parseBool)).toEqual([true, true, true, true]);
    expect(['0', 'f', 'FALSE', 'False'].map(parseBool)).toEqual([false, false, false, false]);
    expect(parseBool('yes')).toBeUndefined();
    expect(listValue(' Node, RBAC,,')).toEqual(['Node', 'RBAC']);
  });
});

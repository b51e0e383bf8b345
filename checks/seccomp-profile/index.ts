import { containerLabel, containersOf, effectiveProfile, get, isWindowsPod, WORKLOAD_KINDS, type Check, type Finding } from '../../src/check-api.js';

/** `confined`, `unconfined` or `unknown`, for a field type or a legacy annotation value. */
function classify(value: unknown, annotation: boolean): 'confined' | 'unconfined' | 'unknown' {
  if (typeof value !== 'string') return 'unknown';
  if (annotation) {
    if (value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/')) return 'confined';
    return value === 'unconfined' ? 'unconfined' : 'unknown';
  }
  if (value === 'RuntimeDefault' || value === 'Localhost') return 'confined';
  return value === 'Unconfined' ? 'unconfined' : 'unknown';
}

const check: Check = {
  meta: {
    id: 'seccomp-profile',
    description:
      'Containers must run under a seccomp profile: seccompProfile.type RuntimeDefault or Localhost on the container or the pod (the legacy annotations count); Unconfined is an error.',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use seccomp to limit system calls; CIS Kubernetes Benchmark 5.7.2 (the seccomp profile is set to docker/default in pod definitions); Pod Security Standards (baseline and restricted): seccomp',
    messages: {
      missing:
        '{{object}} {{container}} has no seccomp profile (it runs Unconfined unless the kubelet defaults it): neither the container nor the pod sets securityContext.seccompProfile.type; set it to RuntimeDefault on the pod',
      unconfined:
        '{{object}} {{container}} turns seccomp off: {{setting}} is "{{value}}", so every system call is allowed; set it to RuntimeDefault (or a Localhost profile)',
      podUnconfined:
        '{{object}} turns seccomp off for {{containers}}: {{setting}} is "{{value}}" on the pod, so every system call is allowed; set it to RuntimeDefault (or a Localhost profile)',
      unknown:
        '{{object}} {{container}} sets {{setting}} to {{value}}, which is not a seccomp profile kubeward can confirm; use RuntimeDefault or Localhost',
      podUnknown:
        '{{object}} sets {{setting}} to {{value}} on the pod (inherited by {{containers}}), which is not a seccomp profile kubeward can confirm; use RuntimeDefault or Localhost',
    },
    remediation:
      'Set securityContext.seccompProfile.type: RuntimeDefault on the pod (every container inherits it), or Localhost with a localhostProfile for a custom profile; never Unconfined.',
    fixable: true,
  },
  *check(resource): Generator<Finding> {
    const podWide = new Map<string, { finding: Finding; containers: string[] }>();
    for (const c of containersOf(resource.object)) {
      if (isWindowsPod(c.pod)) continue;
      const container = containerLabel(c);
      const profile = effectiveProfile(c, 'seccompProfile', 'container.seccomp.security.alpha.kubernetes.io/', 'seccomp.security.alpha.kubernetes.io/pod');
      if (!profile) {
        // The fix sets RuntimeDefault on the pod, only when the pod has no seccompProfile at all (a Localhost one
        // without its type is left to the author).
        const podProfile = [...c.pod.path, 'securityContext', 'seccompProfile'];
        const fix = get(c.pod.spec, ['securityContext', 'seccompProfile']) == null ? { fix: { op: 'set' as const, path: podProfile, value: { type: 'RuntimeDefault' } } } : {};
        yield { messageId: 'missing', data: { container }, path: [...c.path, 'securityContext', 'seccompProfile'], ...fix };
        continue;
      }
      const verdict = classify(profile.value, profile.annotation);
      if (verdict === 'confined') continue;
      const level = verdict === 'unconfined' ? ('error' as const) : undefined;
      const value = verdict === 'unconfined' ? String(profile.value) : JSON.stringify(profile.value);
      if (profile.from === 'container') {
        yield { messageId: verdict, data: { container, setting: profile.setting, value }, path: profile.path, ...(level && { level }) };
        continue;
      }
      const key = JSON.stringify(profile.path);
      const entry = podWide.get(key);
      if (entry) entry.containers.push(container);
      else {
        const messageId = verdict === 'unconfined' ? 'podUnconfined' : 'podUnknown';
        podWide.set(key, { finding: { messageId, data: { setting: profile.setting, value }, path: profile.path, ...(level && { level }) }, containers: [container] });
      }
    }
    for (const { finding, containers } of podWide.values()) {
      yield { ...finding, data: { ...finding.data, containers: containers.join(', ') } };
    }
  },
};

export default check;

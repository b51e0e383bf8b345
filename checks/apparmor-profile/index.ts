import { containerLabel, containersOf, effectiveProfile, isWindowsPod, WORKLOAD_KINDS, type Check, type Finding } from '../../src/check-api.js';

/** `confined`, `unconfined` or `unknown`, for a field type or a legacy annotation value. */
function classify(value: unknown, annotation: boolean): 'confined' | 'unconfined' | 'unknown' {
  if (typeof value !== 'string') return 'unknown';
  if (annotation) {
    if (value === 'runtime/default' || value.startsWith('localhost/')) return 'confined';
    return value === 'unconfined' ? 'unconfined' : 'unknown';
  }
  if (value === 'RuntimeDefault' || value === 'Localhost') return 'confined';
  return value === 'Unconfined' ? 'unconfined' : 'unknown';
}

const check: Check = {
  meta: {
    id: 'apparmor-profile',
    description:
      'Containers must run under an AppArmor profile: appArmorProfile.type RuntimeDefault or Localhost on the container or the pod (the legacy annotation counts); Unconfined is an error.',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use AppArmor to restrict containers; CIS Kubernetes Benchmark 5.7.3 (apply security context to pods and containers); Pod Security Standards (baseline): AppArmor',
    messages: {
      missing:
        '{{object}} {{container}} names no AppArmor profile: neither the container nor the pod sets securityContext.appArmorProfile.type (nor the legacy annotation); set it to RuntimeDefault on the pod',
      unconfined:
        '{{object}} {{container}} turns AppArmor off: {{setting}} is "{{value}}"; set it to RuntimeDefault (or a Localhost profile)',
      podUnconfined:
        '{{object}} turns AppArmor off for {{containers}}: {{setting}} is "{{value}}" on the pod; set it to RuntimeDefault (or a Localhost profile)',
      unknown:
        '{{object}} {{container}} sets {{setting}} to {{value}}, which is not an AppArmor profile kubeward can confirm; use RuntimeDefault or Localhost',
      podUnknown:
        '{{object}} sets {{setting}} to {{value}} on the pod (inherited by {{containers}}), which is not an AppArmor profile kubeward can confirm; use RuntimeDefault or Localhost',
    },
    remediation:
      'Set securityContext.appArmorProfile.type: RuntimeDefault on the pod (every container inherits it), or Localhost with a localhostProfile loaded on the nodes; never Unconfined.',
  },
  *check(resource): Generator<Finding> {
    const podWide = new Map<string, { finding: Finding; containers: string[] }>();
    for (const c of containersOf(resource.object)) {
      if (isWindowsPod(c.pod)) continue;
      const container = containerLabel(c);
      const profile = effectiveProfile(c, 'appArmorProfile', 'container.apparmor.security.beta.kubernetes.io/');
      if (!profile) {
        yield { messageId: 'missing', data: { container }, path: [...c.path, 'securityContext', 'appArmorProfile'] };
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

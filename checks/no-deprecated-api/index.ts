import type { Check, Finding } from '../../src/check-api.js';
import { deprecationOf, parseVersion, versionAtMost } from './deprecations.js';

const check: Check = {
  meta: {
    id: 'no-deprecated-api',
    description: 'Objects do not use an apiVersion that the target Kubernetes version no longer serves (error) or has deprecated (warning).',
    severity: 'error',
    scope: 'object',
    supersedes: [{ ruleId: 'schema', messageId: 'replacedApiVersion' }],
    guideline:
      'Kubernetes Deprecated API Migration Guide; NSA/CISA Kubernetes Hardening Guide: upgrading and application security practices (keep clusters and manifests current)',
    messages: {
      removed:
        '{{object}} uses {{apiVersion}}, which Kubernetes {{removedIn}} stopped serving for {{kind}} (linting for {{target}}): the API server refuses it. Use {{replacement}}',
      deprecated: '{{object}} uses {{apiVersion}}, deprecated for {{kind}} since Kubernetes {{deprecatedIn}}{{removal}}: use {{replacement}}',
    },
    remediation:
      'Move the object to the replacement apiVersion (kubectl-convert -f FILE --output-version GROUP/VERSION helps) and review the field changes the Kubernetes deprecation guide lists.',
  },
  *check(resource, context): Generator<Finding> {
    const entry = deprecationOf(resource.apiVersion, resource.kind);
    const target = parseVersion(context.kubernetesVersion);
    if (!entry || !target) return;
    const data = {
      apiVersion: entry.apiVersion,
      kind: resource.kind,
      replacement: entry.replacement,
      target: `${target[0]}.${target[1]}`,
      deprecatedIn: entry.deprecatedIn,
      removedIn: entry.removedIn ?? '',
      removal: entry.removedIn ? `; Kubernetes ${entry.removedIn} removes it` : '',
    };
    const removed = entry.removedIn ? parseVersion(entry.removedIn) : undefined;
    if (removed && versionAtMost(removed, target)) {
      yield { messageId: 'removed', data, path: ['apiVersion'] };
    } else if (versionAtMost(parseVersion(entry.deprecatedIn)!, target)) {
      yield { messageId: 'deprecated', data, path: ['apiVersion'], level: 'warning' };
    }
  },
};

export default check;

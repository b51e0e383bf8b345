import type { Check, Finding } from '../../src/check-api.js';
import { DEFAULT_NAMESPACE } from '../../src/k8s/index.js';
import { kindScope } from '../../src/resources/index.js';

const check: Check = {
  meta: {
    id: 'no-default-namespace',
    description: 'Namespaced objects name their namespace (in metadata or through a kustomization), and it is not "default".',
    severity: 'warning',
    scope: 'repository',
    reads: ['CustomResourceDefinition'],
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: separate resources with namespaces; CIS Kubernetes Benchmark 5.7.4: the default namespace should not be used',
    messages: {
      noNamespace:
        '{{object}} has no namespace (neither metadata.namespace nor a kustomization sets one), so it lands in whatever namespace the kubectl context names, usually "default": set metadata.namespace',
      defaultNamespace:
        '{{object}} is in the "default" namespace, which every user and tool lands in and which cannot carry its own isolation: move it to a dedicated namespace',
      defaultFromKustomization:
        '{{object}} is put in the "default" namespace by a kustomization, which every user and tool lands in and which cannot carry its own isolation: set the kustomization\'s namespace to a dedicated one',
    },
    remediation:
      "Create a namespace per application or team (with its ResourceQuota, NetworkPolicy and Pod Security labels) and set metadata.namespace, or the kustomization's namespace, to it.",
  },
  *check(resource, context): Generator<Finding> {
    if (kindScope(resource, context.index) !== 'namespaced') return;
    if (resource.namespace === undefined) {
      yield { messageId: 'noNamespace', path: ['metadata', 'namespace'] };
    } else if (resource.namespace === DEFAULT_NAMESPACE) {
      if (resource.namespaceSource === 'kustomization') yield { messageId: 'defaultFromKustomization', path: ['metadata'] };
      else yield { messageId: 'defaultNamespace', path: ['metadata', 'namespace'] };
    }
  },
};

export default check;

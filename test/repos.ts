/** Whole repositories (file name -> content) that several test files lint. */

export const workload = (name: string, ns: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      serviceAccountName: ${name}
${extra}      containers:
        - name: app
          image: registry.example.com/${name}:1.0
`;
export const serviceAccount = (name: string, ns: string, automount: boolean) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nautomountServiceAccountToken: ${automount}\n`;
export const policy = (ns: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
export const quota = (ns: string) => `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\n  namespace: ${ns}\nspec:\n  hard: {pods: "10"}\n`;

/**
 * Three namespaces whose facts are spread over files that land in different shards: the Namespace objects, their
 * policies and quotas, workloads, and service accounts (one defined twice with different automount settings, so the
 * order objects are indexed in shows in the findings), plus a kustomization that gives a folder its namespace.
 */
export const multiNamespace = {
  'namespaces.yaml': ['alpha', 'beta', 'gamma'].map((n) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n`).join('---\n'),
  'alpha/app.yaml': workload('web', 'alpha'),
  'alpha/policy.yaml': policy('alpha'),
  'alpha/sa.yaml': serviceAccount('web', 'alpha', false),
  'beta/app.yaml': workload('api', 'beta', '      hostNetwork: true\n'),
  'beta/quota.yaml': quota('beta'),
  'beta/sa-1.yaml': serviceAccount('api', 'beta', true),
  'beta/sa-2.yaml': serviceAccount('api', 'beta', false),
  'gamma/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: gamma\nresources: [app.yaml]\n',
  'gamma/app.yaml': workload('db', 'gamma').replace('  namespace: gamma\n', ''),
  'gamma/rbac.yaml':
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\n  namespace: gamma\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n  - kind: ServiceAccount\n    name: db\n    namespace: gamma\n',
  'default.yaml': workload('stray', 'default'),
  'broken.yaml': 'kind: [unclosed\n',
};

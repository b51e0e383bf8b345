/**
 * Helm charts end to end with the real helm of ../shared/tools (Helm v3.13.3's template engine): values that switch a
 * block on, a Flux HelmRelease with inline values, an Argo CD Application with a values file, a chart with a `file://`
 * dependency (rendered once, through the chart that depends on it). Findings land on the template line.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../../src/engine/index.js';
import { cleanup, helm, lines, only, repo, skipNote } from './helpers.js';

afterAll(cleanup);

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        {{- if .Values.debug }}
        securityContext:
          privileged: true
        {{- end }}
`;

const CHART = {
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'charts/web/values.yaml': 'debug: false\n',
  'charts/web/values-debug.yaml': 'debug: true\n',
  'charts/web/templates/deployment.yaml': TEMPLATE,
};

const HELM_RELEASE = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: shop
  namespace: flux-system
spec:
  interval: 5m
  targetNamespace: shop
  chart:
    spec:
      chart: ./charts/web
      sourceRef:
        kind: GitRepository
        name: flux-system
  values:
    debug: true
`;

const message = (name: string) =>
  `Deployment "${name}" container "web" runs privileged: it gets every capability and every host device, so a breakout is one step away; remove securityContext.privileged or set it to false`;

(helm ? describe : describe.skip)(`Helm charts rendered with helm${skipNote('helm', helm)}`, () => {
  const lint = (dir: string, id: string) =>
    lintFiles([dir], { helm, kustomize: '/nonexistent/kubectl', config: only(id), cwd: dir, root: dir, concurrency: 'off' });

  it('the chart alone with its default values: the block is off, no finding', async () => {
    const dir = repo(CHART);
    expect(lines(await lint(dir, 'no-privileged'), dir, 'no-privileged')).toEqual([]);
  });

  it('a HelmRelease whose inline values switch the block on: at the template line, naming the release', async () => {
    const dir = repo({ ...CHART, 'clusters/prod/shop.yaml': HELM_RELEASE });
    expect(lines(await lint(dir, 'no-privileged'), dir, 'no-privileged')).toEqual([
      `charts/web/templates/deployment.yaml:17:11 no-privileged ${message('shop-web')} (in charts/web (Flux HelmRelease "shop"))`,
    ]);
    // Its targetNamespace is the release's namespace.
    expect(lines(await lint(dir, 'no-default-namespace'), dir, 'no-default-namespace')).toEqual([]);
  });

  it('an Argo CD Application whose values file switches the block on', async () => {
    const dir = repo({
      ...CHART,
      'apps/web.yaml': [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        'metadata:',
        '  name: web-debug',
        'spec:',
        '  source:',
        '    repoURL: https://git.example/repo.git',
        '    path: charts/web',
        '    helm:',
        '      valueFiles:',
        '        - values-debug.yaml',
        '  destination:',
        '    namespace: debug',
        '',
      ].join('\n'),
    });
    expect(lines(await lint(dir, 'no-privileged'), dir, 'no-privileged')).toEqual([
      `charts/web/templates/deployment.yaml:17:11 no-privileged ${message('web-debug-web')} (in charts/web (Argo CD Application "web-debug"))`,
    ]);
  });

  it('a file:// dependency is rendered once, through the chart that depends on it', async () => {
    const dir = repo({
      ...CHART,
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n  - name: lib\n    version: 0.1.0\n    repository: file://../lib\n',
      'charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.1.0\n',
      'charts/lib/templates/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Release.Name }}-lib\n',
    });
    const got = lines(await lint(dir, 'no-default-namespace'), dir, 'no-default-namespace');
    expect(got.map((l) => l.replace(/ has no namespace .*\(in /, ' … (in '))).toEqual([
      'charts/lib/templates/sa.yaml:3:1 no-default-namespace ServiceAccount "release-name-lib" … (in charts/web)',
      'charts/web/templates/deployment.yaml:3:1 no-default-namespace Deployment "release-name-web" … (in charts/web)',
    ]);
  });
});

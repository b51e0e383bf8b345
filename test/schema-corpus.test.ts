/**
 * The schema rule over the shared corpus of real repositories (skipped when /work/shared is absent): no schema error
 * except on the genuinely invalid documents listed here with the reason, and custom resources validated against
 * the CRDs the corpus itself holds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/index.js';
import type { LintResult } from '../src/shared/types.js';
import { createSchemaCheck } from '../src/validate/validate.js';

const CORPUS = '/work/shared/corpus/real';

const PLACEHOLDERS = 'placeholders (`${VAR}`, `PORT`, `FILESTORE_CAPACITY`) an external tool substitutes before applying';
const PATCH = 'a Kustomize patch (partial object) stored without the kustomization that lists it';
const REMOVED = 'an API version Kubernetes 1.36 no longer serves (the message names the replacement)';

/** Relative path → [number of schema errors, why the document is genuinely invalid]. */
const EXPECTED: Record<string, [number, string]> = {
  'argocd-example-apps/plugins/kustomized-helm/overlays/guestbook-deployment.yaml': [1, PATCH],
  'istio-samples/samples/security/psp/sidecar-psp.yaml': [1, 'PodSecurityPolicy (removed in 1.25) under a made-up policy/v1'],
  'istio-samples/samples/security/spire-trust-domain-federation/cluster-federated-trust-domain.yaml': [
    1,
    'spec.className is not in the ClusterFederatedTrustDomain CRD the corpus ships (spire-quickstart.yaml)',
  ],
  'kubernetes-engine-samples/ai-ml/gke-slurm/autopilot/pv-pvc.yaml': [2, PLACEHOLDERS],
  'kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model-variables.yaml': [
    4,
    'written for a newer InferenceModel than the v1alpha2 CRD in manifests.yaml (modelSource, resources; no modelName/poolRef)',
  ],
  'kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model.yaml': [4, 'same as inference-model-variables.yaml'],
  'kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-pool-variables.yaml': [14, PLACEHOLDERS],
  'kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/tgi-2b-bitsandbytes-nf4/patch.yaml': [1, PATCH],
  'kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/tgi-2b-bitsandbytes/patch.yaml': [1, PATCH],
  'kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/tgi-2b-parallel/patch.yaml': [1, PATCH],
  'kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/tgi-7b-bitsandbytes-nf4/patch.yaml': [1, PATCH],
  'kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/tgi-7b-bitsandbytes/patch.yaml': [1, PATCH],
  'kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/tgi-7b-token/patch.yaml': [1, PATCH],
  'kubernetes-engine-samples/ai-ml/llm-serving-gemma/vllm/vllm-2b-awq/patch.yaml': [1, PATCH],
  'kubernetes-engine-samples/ai-ml/llm-serving-gemma/vllm/vllm-2b-parallel/patch.yaml': [1, PATCH],
  'kubernetes-engine-samples/ai-ml/llm-serving-gemma/vllm/vllm-7b-awq/patch.yaml': [1, PATCH],
  'kubernetes-engine-samples/ai-ml/llm-serving-gemma/vllm/vllm-7b-kvcache/patch.yaml': [1, PATCH],
  'kubernetes-engine-samples/ai-ml/llm-serving-gemma/vllm/vllm-7b-token/patch.yaml': [1, PATCH],
  'kubernetes-engine-samples/autoscaling/custom-compute-classes/dra/deployment.yaml': [
    1,
    'resource.k8s.io/v1beta1 is not in the 1.36 API (DRA is resource.k8s.io/v1 since 1.34)',
  ],
  'kubernetes-engine-samples/autoscaling/custom-compute-classes/reservations/deployment-gpu.yaml': [2, PLACEHOLDERS],
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta1.yaml': [11, REMOVED],
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml': [11, REMOVED],
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/manifests/nginx.yaml': [2, REMOVED],
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/manifests/test.yaml': [1, REMOVED],
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-github/wordpress/wordpress_hpa.yaml': [1, REMOVED],
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-gitlab/wordpress/wordpress_hpa.yaml': [1, REMOVED],
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v1/deployment-with-hpa.yaml': [2, REMOVED],
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v1/deployment.yaml': [1, REMOVED],
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v2/deployment-with-hpa.yaml': [2, REMOVED],
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v2/deployment.yaml': [1, REMOVED],
  'kubernetes-engine-samples/networking/sctp/sctp-deployment.yaml': [2, PLACEHOLDERS],
  'kubernetes-engine-samples/workloads/migrate-x86-app-to-multi-arch/k8s/overlays/arm/add_arm_support.yaml': [2, PATCH],
  'kubernetes-engine-samples/workloads/migrate-x86-app-to-multi-arch/k8s/overlays/multiarch/add_multiarch_support.yaml': [2, PATCH],
  'kubernetes-engine-samples/workloads/migrate-x86-app-to-multi-arch/k8s/overlays/multiarch/increase_replicas.yaml': [2, PATCH],
  'kubernetes-engine-samples/workloads/migrate-x86-app-to-multi-arch/k8s/overlays/x86_increase_replicas/increase_replicas.yaml': [2, PATCH],
  'kubernetes-examples/_archived/cloud-controller-manager/persistent-volume-label-initializer-config.yaml': [
    1,
    'InitializerConfiguration, an alpha API removed in Kubernetes 1.14',
  ],
  'kubernetes-examples/_archived/cockroachdb/cockroachdb-statefulset.yaml': [1, REMOVED],
  'kubernetes-examples/_archived/newrelic-infrastructure/newrelic-infra-daemonset.yaml': [1, REMOVED],
  'kubernetes-examples/_archived/podsecuritypolicy/rbac/policies.yaml': [2, 'PodSecurityPolicy, removed in Kubernetes 1.25'],
  'kubernetes-examples/_archived/scheduler-policy/scheduler-policy-config-with-extender.json': [
    1,
    'a kube-scheduler policy file (`kind: Policy`, `apiVersion: v1`), not an API object',
  ],
  'kubernetes-examples/_archived/scheduler-policy/scheduler-policy-config.json': [1, 'same as scheduler-policy-config-with-extender.json'],
  'kubernetes-examples/_archived/volumes/aws_ebs/aws-ebs-web.yaml': [1, 'protocol: tcp (Kubernetes wants TCP)'],
  'kubernetes-examples/_archived/volumes/azure_disk/claim/blob-based-disk/account-specified-hdd/storageclass-account-hdd.yaml': [1, REMOVED],
  'kubernetes-examples/_archived/volumes/azure_disk/claim/blob-based-disk/dedicated-hdd/storageclass-dedicated-hdd.yaml': [1, REMOVED],
  'kubernetes-examples/_archived/volumes/azure_disk/claim/blob-based-disk/shared-hdd/storageclass-shared-hdd.yaml': [1, REMOVED],
  'kubernetes-examples/_archived/volumes/azure_disk/claim/blob-based-disk/shared-ssd/storageclass-shared-ssd.yaml': [1, REMOVED],
  'kubernetes-examples/_archived/volumes/azure_disk/claim/managed-disk/managed-hdd/storageclass-managed-hdd.yaml': [1, REMOVED],
  'kubernetes-examples/_archived/volumes/azure_disk/claim/managed-disk/managed-ssd/storageclass-managed-ssd.yaml': [1, REMOVED],
  'kubernetes-examples/_archived/volumes/cinder/cinder-web.yaml': [1, 'protocol: tcp (Kubernetes wants TCP)'],
  'kubernetes-examples/_archived/volumes/fibre_channel/fc.yaml': [1, 'lun: "<ADD LUN ID Here>" placeholder'],
  'kubernetes-examples/_archived/volumes/flexvolume/deploy/ds.yaml': [1, REMOVED],
  'kubernetes-examples/_archived/volumes/rbd/rbd.yaml': [2, 'imageformat/imagefeatures are StorageClass parameters, not RBDVolumeSource fields'],
  'kubernetes-examples/_archived/volumes/scaleio/pod.yaml': [1, 'typo protectionDoamin (protectionDomain)'],
  'kubernetes-examples/_archived/volumes/storageos/storageos-pod.yaml': [1, 'pool is not a StorageOSVolumeSource field'],
  'kubernetes-examples/_archived/volumes/storageos/storageos-pv.yaml': [1, 'secretName is not a StorageOSPersistentVolumeSource field (secretRef is)'],
};

describe.skipIf(!fs.existsSync(CORPUS))('schema rule on the real corpus', () => {
  let results: LintResult[];
  beforeAll(async () => {
    results = await lintFiles([CORPUS], { checks: [createSchemaCheck()], root: false });
  }, 300_000);

  const rel = (r: LintResult) => path.relative(CORPUS, r.filePath).split(path.sep).join('/');

  it('reports schema errors only on the genuinely invalid documents', () => {
    const actual: Record<string, number> = {};
    for (const r of results) {
      const n = r.messages.filter((m) => m.ruleId === 'schema').length;
      if (n) actual[rel(r)] = n;
    }
    expect(actual).toEqual(Object.fromEntries(Object.entries(EXPECTED).map(([file, [count]]) => [file, count])));
  });

  it('never fails internally', () => {
    expect(results.flatMap((r) => r.messages.filter((m) => m.messageId === 'internalError'))).toEqual([]);
  });

  it('validates custom resources against the CRDs in the corpus', () => {
    // Gateway API examples: every object is a custom resource whose CRD lives in gateway-api/config/crd.
    const gateway = results.filter((r) => rel(r).startsWith('gateway-api/examples/standard/'));
    expect(gateway.reduce((n, r) => n + (r.objectCount ?? 0), 0)).toBeGreaterThan(50);
    expect(gateway.flatMap((r) => (r.notices ?? []).filter((m) => m.messageId === 'noSchema'))).toEqual([]);
    // And a CRD's schema does report: the InferenceModel samples do not match the CRD the corpus ships.
    const inference = results.find((r) => rel(r).endsWith('getting-started/inference-model.yaml'))!;
    expect(inference.messages.map((m) => m.message)).toContain('Unknown field "modelSource" in InferenceModel spec');
  });

  it('reports a custom resource without a schema as an info notice, never an error', () => {
    const notices = results.flatMap((r) => (r.notices ?? []).filter((m) => m.messageId === 'noSchema'));
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((m) => m.severity === 0 && m.ruleId === 'schema')).toBe(true);
  });
});

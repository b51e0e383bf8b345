/**
 * The committed schemas are exactly what `npm run schemas` generates: regenerate into a temporary folder and compare
 * byte for byte. Also locks what the generator promises (overrides, patched-back fields, versions).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupOf } from '../src/k8s/index.js';
import { BUILTIN_GROUPS, KUBERNETES_VERSIONS, schemasFor } from '../src/validate/schema-store.js';
// @ts-expect-error: the generator is plain JavaScript.
import { DERIVED, SOURCES, VERSIONS } from '../scripts/gen-schemas.mjs';

const ROOT = path.join(import.meta.dirname, '..');
const SCHEMAS = path.join(ROOT, 'schemas');
const generated = (name: string) => /^kubernetes-\d+\.\d+\.json$/.test(name);

describe('generated schemas', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-schemas-'));
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-schemas.mjs'), dir], { stdio: 'pipe' });
  }, 180_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are committed exactly as the generator writes them', () => {
    const committed = fs.readdirSync(SCHEMAS).filter(generated).sort();
    expect(fs.readdirSync(dir).filter(generated).sort()).toEqual(committed);
    for (const name of committed) {
      expect(fs.readFileSync(path.join(dir, name)).equals(fs.readFileSync(path.join(SCHEMAS, name))), `${name} is stale: run npm run schemas`).toBe(true);
    }
  });

  it('exist for every known version, and only for them', () => {
    expect(fs.readdirSync(SCHEMAS).filter(generated).sort()).toEqual(KUBERNETES_VERSIONS.map((v) => `kubernetes-${v}.json`).sort());
  });

  it('know every group they serve as built in', () => {
    for (const version of KUBERNETES_VERSIONS) {
      for (const apiVersion of Object.keys(schemasFor(version).kinds)) expect(BUILTIN_GROUPS.has(groupOf(apiVersion)), apiVersion).toBe(true);
    }
  });

  it('apply the Kubernetes overrides', () => {
    const s = schemasFor('1.36');
    const props = (name: string) => (s.definition(name)!.properties ?? {}) as Record<string, any>;
    expect(props('v1.ResourceRequirements').limits.additionalProperties).toEqual({ $ref: '#/definitions/resource.Quantity' });
    expect(s.definition('resource.Quantity')!.type).toEqual(['string', 'number']);
    expect(props('v1.HTTPGetAction').port).toEqual({ type: ['integer', 'string'] });
    expect(props('apps.v1.DeploymentSpec').replicas).toEqual({ type: 'integer' });
    expect(props('apiextensions.k8s.io.v1.JSONSchemaProps').maximum).toEqual({ type: 'number' });
    expect(props('apps.v1.ControllerRevision').data).toEqual({});
    expect(props('meta.v1.ManagedFieldsEntry').fieldsV1).toEqual({});
    expect(s.definition('v1.Container')!.additionalProperties).toBe(false);
    expect(props('meta.v1.ObjectMeta').labels).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    // Objects that are not served any more are left out.
    expect(s.definitionOf('extensions/v1beta1', 'Deployment')).toBeUndefined();
    expect(s.definitionOf('autoscaling/v2beta2', 'HorizontalPodAutoscaler')).toBeUndefined();
  });

  it('patch back what kubernetes-types drops (and read the same from @kubernetes/client-node)', () => {
    for (const version of KUBERNETES_VERSIONS.filter((v) => v !== '1.36')) {
      const s = schemasFor(version);
      const props = (name: string) => Object.keys(s.definition(name)!.properties ?? {});
      expect(props('admissionregistration.k8s.io.v1.RuleWithOperations')).toEqual(expect.arrayContaining(['resources', 'scope']));
      expect(props('authorization.k8s.io.v1.ResourceRule')).toEqual(expect.arrayContaining(['resources', 'verbs']));
      expect(props('apiextensions.k8s.io.v1.JSONSchemaProps')).toEqual(
        expect.arrayContaining(['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource']),
      );
      expect(s.definitionOf('apiregistration.k8s.io/v1', 'APIService')).toBeDefined();
      // Required markers 1.36 corrected (the API server defaults these fields).
      expect(s.definition('rbac.authorization.k8s.io.v1.RoleRef')!.required).toEqual(['kind', 'name']);
      expect(s.definition('networking.k8s.io.v1.NetworkPolicySpec')!.required).toBeUndefined();
    }
    expect(schemasFor('1.25').definitionOf('autoscaling/v2beta2', 'HorizontalPodAutoscaler')).toBeDefined();
    expect(schemasFor('1.26').definitionOf('autoscaling/v2beta2', 'HorizontalPodAutoscaler')).toBeUndefined();
  });

  it('cover every version, from a source package or DERIVED from a neighbour', () => {
    expect(VERSIONS).toEqual([...KUBERNETES_VERSIONS]);
    expect([...Object.keys(SOURCES), ...Object.keys(DERIVED)].sort()).toEqual([...KUBERNETES_VERSIONS].sort());
    expect(Object.keys(DERIVED)).toEqual(['1.31', '1.35']);
  });

  it('apply the DERIVED differences', () => {
    for (const [version, spec] of Object.entries(DERIVED as Record<string, any>)) {
      const s = schemasFor(version);
      const from = schemasFor(spec.from);
      const served = (schemas: typeof s, entry: string) =>
        Object.entries(schemas.kinds).some(([gv, kinds]) => Object.keys(kinds).some((k) => entry === gv || entry === `${gv}/${k}`));
      for (const entry of spec.dropKinds ?? []) expect([served(from, entry), served(s, entry)], entry).toEqual([true, false]);
      for (const [name, props] of Object.entries((spec.dropProperties ?? {}) as Record<string, string[]>)) {
        for (const prop of props) expect(Object.keys(s.definition(name)!.properties as object), `${name}.${prop}`).not.toContain(prop);
      }
      for (const [other, entries] of Object.entries((spec.addKinds ?? {}) as Record<string, string[]>)) {
        for (const entry of entries) expect([served(from, entry), served(schemasFor(other), entry), served(s, entry)], entry).toEqual([false, true, true]);
      }
      for (const defs of Object.values((spec.addProperties ?? {}) as Record<string, Record<string, string[]>>)) {
        for (const [name, props] of Object.entries(defs)) {
          for (const prop of props) {
            expect(Object.keys(from.definition(name)!.properties as object), `${name}.${prop}`).not.toContain(prop);
            expect(Object.keys(s.definition(name)!.properties as object), `${name}.${prop}`).toContain(prop);
          }
        }
      }
    }
  });
});

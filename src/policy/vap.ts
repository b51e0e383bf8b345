/**
 * ValidatingAdmissionPolicy (admissionregistration.k8s.io) evaluated statically: every object of the repository is
 * treated as a CREATE request, and each policy's bindings, match rules, params, match conditions, variables and
 * validations are applied as the API server would. A policy without a binding does nothing, as in a cluster.
 */
import { isRecord, selectorMatches } from '../k8s/index.js';
import type { KubeObject } from '../check-api.js';
import type { Path } from '../shared/types.js';
import { celAt, compile, dataToCel, listItems, objectToCel, oneSlot, type CelProgram } from './cel.js';
import { admittedBy, bindingSeverity, isAdmissionKind, labelsOf, matchedResource, namespacesByName } from './match.js';
import { resourceTable, type ResourceInfo, type ResourceTable } from './resources-table.js';
import type { CelBudget, CelOutcome, PolicyFinding, PolicyInput, PolicyObject } from './types.js';

const VAP_VARIABLES = ['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables'];

/** Every finding the repository's ValidatingAdmissionPolicies and their bindings give over the objects. */
export function evaluatePolicies(input: PolicyInput): PolicyFinding[] {
  const prepared = preparePolicies(input);
  return [...prepared.findings, ...prepared.evaluate(input.objects)];
}

/**
 * The policies of a run, to evaluate over any set of objects (e.g. one file at a time). Each policy is compiled once,
 * when first needed: when an object passes its match rules, or when its own findings are asked for.
 */
export interface PreparedPolicies {
  /** Findings on the policies themselves: expressions that do not compile (every policy is compiled to give them). */
  readonly findings: PolicyFinding[];
  /** Validation and evaluation findings for `targets` (params and Namespaces still come from the repository). */
  evaluate(targets: readonly PolicyObject[]): PolicyFinding[];
}

/**
 * Compile the repository's policies once. `input.objects` is the repository: policies, bindings, params,
 * Namespaces and CRDs are taken from it; the objects to validate are given to `evaluate`.
 */
export function preparePolicies(input: PolicyInput): PreparedPolicies {
  const objects = input.objects.filter((o) => isRecord(o.object));
  const policies = objects.filter((o) => isAdmissionKind(o.object, 'ValidatingAdmissionPolicy'));
  const bindings = objects.filter((o) => isAdmissionKind(o.object, 'ValidatingAdmissionPolicyBinding'));
  const table = resourceTable(objects.filter((o) => o.object.kind === 'CustomResourceDefinition').map((o) => o.object));
  const namespaces = namespacesByName(objects.map((o) => o.object));
  const ctx: RunContext = { objects, table, namespaces, budget: input.budget, converted: new WeakMap(), paramScopes: new WeakMap() };
  // Policies and bindings by name. Several objects of one name are alternatives (a standard and an experimental
  // install, two overlays): a cluster holds one of them, so each object is checked against the nearest (see nearest()).
  // A variant that does not compile stays among the alternatives: the objects nearest to it are not evaluated.
  const variants: Variant[] = [];
  const byName = new Map<string, Variant[]>();
  for (const policy of policies) {
    const name = policy.object.metadata?.name;
    if (!name) continue;
    const variant: Variant = { policy };
    variants.push(variant);
    pushTo(byName, name, variant);
  }
  const bindingsOf = new Map<string, Map<string, PolicyObject[]>>();
  for (const b of bindings) {
    const policyName = get(b.object, ['spec', 'policyName']);
    if (typeof policyName !== 'string') continue;
    let own = bindingsOf.get(policyName);
    if (!own) bindingsOf.set(policyName, (own = new Map()));
    pushTo(own, b.object.metadata?.name ?? '', b);
  }
  return {
    get findings() {
      return variants.flatMap((v) => (compiledOf(v), v.errors ?? []));
    },
    evaluate(targets) {
      const out: PolicyFinding[] = [];
      const valid = targets.filter((o) => isRecord(o.object));
      const reported = new Set<string>();
      for (const [name, variants] of byName) {
        const own = bindingsOf.get(name);
        if (!own) continue;
        // What a binding gives whatever the objects (no validationActions): from every variant.
        if (valid.length === 0) {
          for (const v of variants) if (compiledOf(v)) for (const list of own.values()) for (const b of list) out.push(...applyBinding(ctx, v, b, []));
          continue;
        }
        for (const target of valid) {
          for (const v of nearest(variants, target, (x) => x.policy)) {
            for (const list of own.values()) for (const b of nearest(list, target, (x) => x)) out.push(...applyBinding(ctx, v, b, [target], reported));
          }
        }
      }
      return out;
    },
  };
}

/** A policy of the run, compiled on first use: `compiled` is null when it does not compile (`errors` say why). */
interface Variant {
  policy: PolicyObject;
  compiled?: CompiledPolicy | null;
  errors?: PolicyFinding[];
}

function compiledOf(variant: Variant): CompiledPolicy | undefined {
  if (variant.compiled === undefined) {
    const compiled = compilePolicy(variant.policy);
    variant.errors = compiled.errors;
    variant.compiled = compiled.errors.length > 0 ? null : compiled;
  }
  return variant.compiled ?? undefined;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Of several objects of one identity, those nearest to `target` in the tree: the longest common folder of their
 * `source` files (every one when they tie, or when a source is unknown). One object is its own nearest.
 */
export function nearest<T>(candidates: readonly T[], target: PolicyObject, objectOf: (c: T) => PolicyObject): T[] {
  if (candidates.length < 2 || target.source === undefined) return [...candidates];
  const mine = folders(target.source);
  const shared = (c: T): number => {
    const source = objectOf(c).source;
    if (source === undefined) return -1;
    const theirs = folders(source);
    let n = 0;
    while (n < mine.length && n < theirs.length && mine[n] === theirs[n]) n++;
    return n;
  };
  const scores = candidates.map(shared);
  if (scores.includes(-1)) return [...candidates];
  const best = Math.max(...scores);
  return candidates.filter((_, i) => scores[i] === best);
}

/** The folders of a file's path, memoised: nearest() compares every object with every variant of a policy. */
const folderCache = new Map<string, readonly string[]>();
function folders(file: string): readonly string[] {
  let cached = folderCache.get(file);
  if (!cached) {
    if (folderCache.size >= 100_000) folderCache.clear();
    folderCache.set(file, (cached = file.split(/[\\/]/).slice(0, -1)));
  }
  return cached;
}

interface RunContext {
  objects: readonly PolicyObject[];
  table: ResourceTable;
  namespaces: Map<string, KubeObject>;
  budget: Partial<CelBudget> | undefined;
  /** Namespaces and params, converted (kept for the run: every object of theirs reads them). */
  converted: WeakMap<object, unknown>;
  /** The objects of each apiVersion and kind (params candidates), made on first use. */
  byKind?: Map<string, PolicyObject[]>;
  /** paramScope's answers, by the candidates' list (objectsOfKind's) and namespace. */
  paramScopes: WeakMap<readonly PolicyObject[], Map<string | undefined, ParamScope>>;
}

function objectsOfKind(ctx: RunContext, apiVersion: unknown, kind: unknown): readonly PolicyObject[] {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return ctx.objects.filter((o) => o.object.apiVersion === apiVersion && o.object.kind === kind);
  if (!ctx.byKind) {
    ctx.byKind = new Map();
    for (const o of ctx.objects)
      if (typeof o.object.apiVersion === 'string' && typeof o.object.kind === 'string') pushTo(ctx.byKind, `${o.object.apiVersion}\0${o.object.kind}`, o);
  }
  return ctx.byKind.get(`${apiVersion}\0${kind}`) ?? [];
}

/** The params candidates of one kind in one namespace (every one when cluster-scoped), and by name, in order. */
interface ParamScope {
  all: PolicyObject[];
  byName: Map<unknown, PolicyObject[]>;
}

/**
 * The candidates of `candidates` (objects of one kind) in `namespace` (undefined: all), made once per run: every
 * object a binding with paramRef validates asks for them (a linear scan of every ConfigMap of the repository each).
 */
function paramScope(ctx: RunContext, candidates: readonly PolicyObject[], namespace: string | undefined): ParamScope {
  let scopes = ctx.paramScopes.get(candidates);
  if (!scopes) ctx.paramScopes.set(candidates, (scopes = new Map()));
  let scope = scopes.get(namespace);
  if (!scope) {
    scope = { all: [], byName: new Map() };
    for (const o of candidates) {
      if (namespace !== undefined && (o.namespace ?? o.object.metadata?.namespace ?? 'default') !== namespace) continue;
      scope.all.push(o);
      pushTo(scope.byName, o.object.metadata?.name, o);
    }
    scopes.set(namespace, scope);
  }
  return scope;
}

interface CompiledExpression {
  program: CelProgram;
  source: string;
  path: Path;
}

interface CompiledPolicy {
  policy: PolicyObject;
  name: string;
  ruleId: string;
  errors: PolicyFinding[];
  failurePolicy: 'Fail' | 'Ignore';
  matchConditions: Array<CompiledExpression & { name: string }>;
  variables: Array<CompiledExpression & { name: string }>;
  validations: Array<{ expression: CompiledExpression; message?: string; messageExpression?: CompiledExpression; reason: string }>;
}

function get(value: unknown, path: Path): any {
  let v: any = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[k as never];
  }
  return v;
}

/** Compile every expression of a policy once; each that does not compile is one error finding at its path. */
export function compilePolicy(policy: PolicyObject): CompiledPolicy {
  const name = policy.object.metadata?.name ?? '<unnamed>';
  const ruleId = `vap/${name}`;
  const errors: PolicyFinding[] = [];
  const spec = isRecord(policy.object.spec) ? policy.object.spec : {};
  const variableNames = new Set<string>();
  const one = (source: unknown, path: Path, what: string): CompiledExpression | undefined => {
    const compiled = compile(source as string, VAP_VARIABLES);
    if (!compiled.ok) {
      errors.push({ ruleId, severity: 2, kind: 'compile', target: policy, path, message: `${what} does not compile: ${compiled.message}` });
      return undefined;
    }
    const unknown = variableReferences(source as string).find((v) => !variableNames.has(v));
    if (unknown) {
      errors.push({
        ruleId,
        severity: 2,
        kind: 'compile',
        target: policy,
        path,
        message: `${what} does not compile: undefined variable 'variables.${unknown}'`,
      });
      return undefined;
    }
    return { program: compiled, source: source as string, path };
  };
  const list = (key: string) => (Array.isArray(spec[key]) ? (spec[key] as unknown[]) : []);
  const matchConditions: CompiledPolicy['matchConditions'] = [];
  list('matchConditions').forEach((c: any, i) => {
    const e = one(c?.expression, ['spec', 'matchConditions', i, 'expression'], `matchConditions[${i}] ${JSON.stringify(c?.name ?? '')}`);
    if (e) matchConditions.push({ ...e, name: String(c?.name ?? i) });
  });
  const variables: CompiledPolicy['variables'] = [];
  list('variables').forEach((v: any, i) => {
    const e = one(v?.expression, ['spec', 'variables', i, 'expression'], `variables[${i}] ${JSON.stringify(v?.name ?? '')}`);
    if (e) variables.push({ ...e, name: String(v?.name) });
    variableNames.add(String(v?.name));
  });
  const validations: CompiledPolicy['validations'] = [];
  list('validations').forEach((v: any, i) => {
    const expression = one(v?.expression, ['spec', 'validations', i, 'expression'], `validations[${i}].expression`);
    const messageExpression =
      v?.messageExpression !== undefined
        ? one(v.messageExpression, ['spec', 'validations', i, 'messageExpression'], `validations[${i}].messageExpression`)
        : undefined;
    if (expression)
      validations.push({
        expression,
        message: typeof v.message === 'string' && v.message ? v.message : undefined,
        messageExpression,
        reason: typeof v.reason === 'string' ? v.reason : 'Invalid',
      });
  });
  const failurePolicy = spec.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail';
  return { policy, name, ruleId, errors, failurePolicy, matchConditions, variables, validations };
}

/** Names used as `variables.<name>` in an expression (textual, enough to refuse a typo at compile time). */
function variableReferences(source: string): string[] {
  return [...source.matchAll(/\bvariables\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
}

/**
 * `reported`: keys of the findings on the policy already given in this evaluation (one per problem, not per object).
 * The policy is compiled once an object passes its match rules; a policy that does not compile gives nothing here.
 */
function applyBinding(
  ctx: RunContext,
  variant: Variant,
  binding: PolicyObject,
  targets: readonly PolicyObject[],
  reported = new Set<string>(),
): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const bindingName = binding.object.metadata?.name ?? '<unnamed>';
  const bspec = isRecord(binding.object.spec) ? binding.object.spec : {};
  const actions: string[] = Array.isArray(bspec.validationActions) ? bspec.validationActions : [];
  const severity = bindingSeverity(bspec);
  if (actions.length === 0) {
    const policy = compiledOf(variant);
    if (!policy) return findings;
    findings.push({
      ruleId: policy.ruleId,
      severity: 2,
      kind: 'config',
      target: binding,
      path: ['spec'],
      message: `binding "${bindingName}" has no validationActions (Deny, Warn or Audit)`,
      binding: bindingName,
    });
    return findings;
  }
  if (severity === undefined) return findings; // Audit only: nothing statically visible.
  const pspec = isRecord(variant.policy.object.spec) ? variant.policy.object.spec : {};
  const paramKind = isRecord(pspec.paramKind) ? pspec.paramKind : undefined;
  for (const target of targets) {
    // The same rules decide whether a run needs CEL at all (policiesApply, ./checks.ts).
    const info = target.admission ? admittedBy(target.admission, pspec, bspec) : matchedResource(ctx.table, ctx.namespaces, pspec, bspec, target);
    if (!info) continue;
    const policy = compiledOf(variant);
    // Nothing was found before (every object meets the same policy): a policy that does not compile gives nothing.
    if (!policy) return findings;
    const onPolicy = (f: Omit<PolicyFinding, 'ruleId' | 'target' | 'binding'>) => {
      const key = `${policy.name}\0${policy.policy.source ?? ''}\0${bindingName}\0${f.path.join('.')}:${f.message}`;
      if (reported.has(key)) return;
      reported.add(key);
      findings.push({ ...f, ruleId: policy.ruleId, target: policy.policy, binding: bindingName });
    };
    const paramSets = paramsFor(ctx, paramKind, bspec.paramRef, target, info);
    if (paramSets === 'notFound') {
      // Deny puts the object under the policy's failurePolicy: Ignore admits it.
      if (policy.failurePolicy === 'Ignore') continue;
      findings.push({
        ruleId: policy.ruleId,
        severity,
        kind: 'validation',
        target,
        path: [],
        message: 'no params found for policy binding with `Deny` parameterNotFoundAction',
        binding: bindingName,
        reason: 'Invalid',
      });
      continue;
    }
    if (paramSets === 'allow') continue;
    if (typeof paramSets === 'string') {
      onPolicy({ severity: 2, kind: 'config', path: ['spec', 'paramKind'], message: paramSets });
      continue;
    }
    for (const params of paramSets) {
      const bindings = bindingsFor(ctx, target, info, params);
      findings.push(...evaluateOne(ctx, policy, bindings, target, severity, bindingName, onPolicy));
    }
  }
  return findings;
}

/** Evaluate one policy for one object and one params object. */
function evaluateOne(
  ctx: RunContext,
  policy: CompiledPolicy,
  bindings: Record<string, unknown>,
  target: PolicyObject,
  severity: 1 | 2,
  bindingName: string,
  onPolicy: (f: Omit<PolicyFinding, 'ruleId' | 'target' | 'binding'>) => void,
): PolicyFinding[] {
  const out: PolicyFinding[] = [];
  /** An evaluation error: a budget overrun is always an error on the policy; others follow failurePolicy. */
  const failed = (e: CompiledExpression, outcome: Exclude<CelOutcome, { kind: 'value' }>): void => {
    if (outcome.kind === 'budget') {
      onPolicy({ severity: 2, kind: 'evaluation', path: e.path, message: `expression '${e.source}' ${outcome.message}` });
      return;
    }
    if (policy.failurePolicy === 'Ignore') return;
    out.push({
      ruleId: policy.ruleId,
      severity,
      kind: 'evaluation',
      target,
      path: [],
      binding: bindingName,
      message: `policy "${policy.name}" (failurePolicy Fail) could not evaluate '${e.source}': ${outcome.message}`,
    });
  };
  // Variables: in order, each sees the ones before it; one that fails is left out, so only expressions using it fail.
  const variables = new Map<string, unknown>();
  const env = { ...bindings, variables };
  for (const v of policy.variables) {
    const r = v.program.evaluateRaw(env, ctx.budget);
    if (r.kind === 'value') variables.set(v.name, r.value);
    else if (r.kind === 'budget') {
      failed(v, r);
      return out;
    }
  }
  for (const c of policy.matchConditions) {
    const r = c.program.evaluate(env, ctx.budget);
    if (r.kind !== 'value') {
      failed(c, r);
      return out;
    }
    if (r.value !== true) return out;
  }
  for (const v of policy.validations) {
    const r = v.expression.program.evaluate(env, ctx.budget);
    if (r.kind !== 'value') {
      failed(v.expression, r);
      continue;
    }
    if (r.value === true) continue;
    if (typeof r.value !== 'boolean') {
      failed(v.expression, { kind: 'error', message: `expected a bool, got ${typeof r.value}` });
      continue;
    }
    let message = v.message;
    if (v.messageExpression) {
      const m = v.messageExpression.program.evaluate(env, ctx.budget);
      if (m.kind === 'budget') failed(v.messageExpression, m);
      else if (m.kind === 'value' && typeof m.value === 'string' && m.value.trim() !== '' && !m.value.includes('\n')) message = m.value;
    }
    out.push({
      ruleId: policy.ruleId,
      severity,
      kind: 'validation',
      target,
      path: failingPath(v.expression.program, env, ctx.budget),
      message: message ?? `failed expression: ${v.expression.source}`,
      reason: v.reason,
      binding: bindingName,
    });
  }
  return out;
}

/**
 * Where a failed validation points in the object: for `object.<list>.all(x, pred)`, the first element that fails
 * (and the field the predicate reads of it); else the first field the expression reads of `object`; else the root.
 */
export function failingPath(program: CelProgram, env: Record<string, unknown>, budget?: Partial<CelBudget>): Path {
  const all = program.allOver;
  if (all) {
    const list = listItems(celAt(env.object, all.rangePath));
    if (list) {
      for (let i = 0; i < list.length; i++) {
        const r = all.predicate.evaluate({ ...env, [all.iterVar]: list[i] }, budget);
        if (r.kind === 'value' && r.value === true) continue;
        return [...all.rangePath, i, ...(all.predicate.pathFrom(all.iterVar) ?? [])];
      }
    }
    return all.rangePath;
  }
  return program.subjectPath ?? [];
}

// ---------------------------------------------------------------------------------------------------------------
// Params and variables

/** The params objects for one target: a list (one evaluation each), 'allow'/'notFound' when none, or a config error. */
function paramsFor(
  ctx: RunContext,
  paramKind: Record<string, any> | undefined,
  paramRef: unknown,
  target: PolicyObject,
  info: ResourceInfo,
): unknown[] | string {
  if (!paramKind) return [null];
  if (!isRecord(paramRef)) return `paramKind ${paramKind.kind} is set but the binding has no paramRef`;
  const notFound = paramRef.parameterNotFoundAction === 'Allow' ? 'allow' : 'notFound';
  const candidates = objectsOfKind(ctx, paramKind.apiVersion, paramKind.kind);
  const paramInfo = candidates[0] ? ctx.table(candidates[0].object) : undefined;
  const namespaced = paramInfo?.namespaced ?? true;
  let namespace: string | undefined;
  if (namespaced) {
    namespace =
      typeof paramRef.namespace === 'string' && paramRef.namespace ? paramRef.namespace : info.namespaced ? (target.namespace ?? 'default') : undefined;
    if (namespace === undefined) return notFound;
  }
  const scope = paramScope(ctx, candidates, namespaced ? namespace : undefined);
  let found: readonly PolicyObject[];
  if (typeof paramRef.name === 'string' && paramRef.name) found = scope.byName.get(paramRef.name) ?? [];
  else if (paramRef.selector !== undefined) found = scope.all.filter((o) => selectorMatches(paramRef.selector, labelsOf(o.object)));
  else return 'paramRef needs a name or a selector';
  if (found.length === 0) return notFound;
  return found.map((o) => o.object);
}

/** The kinds whose `spec.replicas` the API server defaults to 1 when a manifest leaves it out. */
const REPLICATED = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', '/ReplicationController']);
/** The taints every Pod tolerates for 300 s unless it says otherwise (the DefaultTolerationSeconds admission plugin). */
const DEFAULT_TOLERATED = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/**
 * The object as the API server hands it to admission policies, as far as a manifest tells: with the defaults that
 * policies commonly read and that every cluster applies before validating admission: `spec.replicas: 1` on
 * Deployments, ReplicaSets, StatefulSets and ReplicationControllers, and on Pods the two NoExecute tolerations of the
 * DefaultTolerationSeconds plugin (on by default), unless the Pod tolerates those taints already. Other fields stay
 * as written: an expression that reads a field the manifest leaves out fails to evaluate, as it would in the cluster
 * where nothing defaults it.
 */
export function withAdmissionDefaults(object: KubeObject, info: Pick<ResourceInfo, 'group'>): KubeObject {
  const spec = object.spec;
  if (!isRecord(spec)) return object;
  if (REPLICATED.has(`${info.group}/${object.kind}`) && spec.replicas === undefined) return { ...object, spec: { ...spec, replicas: 1 } };
  if (info.group === '' && object.kind === 'Pod' && (spec.tolerations === undefined || Array.isArray(spec.tolerations))) {
    const tolerations: unknown[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
    const tolerated = (key: string) =>
      tolerations.some(
        (t) =>
          isRecord(t) &&
          (t.key === key || ((t.key === undefined || t.key === '') && t.operator === 'Exists')) &&
          (t.effect === undefined || t.effect === '' || t.effect === 'NoExecute'),
      );
    const added = DEFAULT_TOLERATED.filter((key) => !tolerated(key)).map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }));
    if (added.length) return { ...object, spec: { ...spec, tolerations: [...tolerations, ...added] } };
  }
  return object;
}

/** The object with its admission defaults, converted: once per object for every policy (and every custom check, when
 *  no default applies: objectToCel). */
const admittedSlot = oneSlot<unknown>();
function admitted(object: KubeObject, info: ResourceInfo): unknown {
  return admittedSlot(object, () => {
    const defaulted = withAdmissionDefaults(object, info);
    return defaulted === object ? objectToCel(object) : dataToCel(defaulted);
  });
}

function converted(ctx: RunContext, object: object): unknown {
  let c = ctx.converted.get(object);
  if (c === undefined) ctx.converted.set(object, (c = dataToCel(object)));
  return c;
}

/** The CEL variables of one evaluation: a CREATE request of the object by an anonymous user. */
function bindingsFor(ctx: RunContext, target: PolicyObject, info: ResourceInfo, params: unknown): Record<string, unknown> {
  const namespace = info.namespaced ? (target.namespace ?? target.object.metadata?.namespace ?? 'default') : undefined;
  let namespaceObject: unknown = null;
  if (namespace !== undefined) {
    const ns = ctx.namespaces.get(namespace);
    namespaceObject = ns
      ? converted(ctx, ns)
      : dataToCel({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } } });
  }
  const kind = { group: info.group, version: info.version, kind: target.object.kind };
  const resource = { group: info.group, version: info.version, resource: info.resource };
  const request = {
    uid: '',
    kind,
    resource,
    subResource: '',
    requestKind: kind,
    requestResource: resource,
    requestSubResource: '',
    name: target.object.metadata?.name ?? '',
    namespace: namespace ?? '',
    operation: 'CREATE',
    userInfo: {},
    dryRun: false,
    options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
  };
  return {
    object: admitted(target.object, info),
    oldObject: null,
    request: dataToCel(request),
    params: params === null ? null : converted(ctx, params as object),
    namespaceObject,
  };
}

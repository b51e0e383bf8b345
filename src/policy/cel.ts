/**
 * kubeward's CEL environment: @bufbuild/cel (the language, its standard library, the strings extension) plus the
 * libraries Kubernetes adds (src/policy/k8s-lib.ts). Expressions are compiled once (parse, then a check that every
 * function and variable is known, so an unsupported function is a compile error naming it, never a silent pass) and
 * evaluated under a step and time budget.
 */
import { celEnv, celFunc, CelScalar, isCelError, isCelList, isCelMap, isCelUint, parse, plan, type CelEnv, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { isMarked, kubernetesLibrary, meterLibraryLoops } from './k8s-lib.js';
import { DEFAULT_BUDGET, type CelBudget, type CelCompileError, type CelOutcome } from './types.js';
import type { Path } from '../shared/types.js';

const STEP_FUNCTION = '@kubeward.step';

interface RunState {
  steps: number;
  maxSteps: number;
  maxMillis: number;
  deadline: number;
  exceeded: string | undefined;
}

/** The evaluation in progress (evaluation is synchronous, so one at a time). */
let current: RunState | undefined;

/**
 * Spend `units` steps of the evaluation's budget, and look at the clock when `clock` (or at every 128th step): true
 * once the budget is spent (`exceeded` says which part).
 */
function spend(state: RunState, units: number, clock: boolean): boolean {
  if (state.exceeded) return true;
  state.steps += units;
  if (state.steps > state.maxSteps) state.exceeded = `exceeded the evaluation budget of ${state.maxSteps} comprehension steps`;
  else if ((clock || (state.steps & 127) === 0) && performance.now() > state.deadline) state.exceeded = overTime(state);
  return state.exceeded !== undefined;
}

const overTime = (state: RunState) => `exceeded the evaluation time budget of ${state.maxMillis} ms`;

/** Inserted around every comprehension's loop condition: counts iterations, ends every loop once over budget. */
const stepFunction = celFunc(STEP_FUNCTION, [CelScalar.DYN], CelScalar.DYN, (condition) => {
  const state = current;
  return state && spend(state, 1, false) ? false : condition;
});

// The library's loops (sets over two lists, a list's methods) spend steps as comprehensions do and look at the clock
// at each, throwing once over budget (the evaluation then ends with the budget's outcome): one call over two long
// lists of a manifest must not outlast the budget.
meterLibraryLoops((units) => {
  const state = current;
  if (state && spend(state, units, true)) throw new Error(state.exceeded);
});

const FUNCS = [...strings, ...kubernetesLibrary, stepFunction];
let sharedEnv: CelEnv | undefined;
let knownFunctions: Set<string> | undefined;

/** The one environment (functions only; variables are bound per evaluation). */
export function environment(): CelEnv {
  if (!sharedEnv) {
    sharedEnv = celEnv({ funcs: FUNCS });
    knownFunctions = new Set([...sharedEnv.funcs].map((f) => f.name));
    // Macros and operators the planner handles itself.
    for (const name of ['has', 'all', 'exists', 'exists_one', 'map', 'filter']) knownFunctions.add(name);
  }
  return sharedEnv;
}

/** Functions Kubernetes offers that kubeward does not evaluate: a compile error says so by name. */
export const UNSUPPORTED_FUNCTIONS: Readonly<Record<string, string>> = {
  'format.named': 'the Kubernetes format library is not supported',
  'math.greatest': 'the math extension is not supported',
  'math.least': 'the math extension is not supported',
  semver: 'the Kubernetes semver library is not supported',
  isSemver: 'the Kubernetes semver library is not supported',
  transformMap: 'two-variable comprehensions are not supported',
  transformList: 'two-variable comprehensions are not supported',
  optMap: 'optional values are not supported',
  hasValue: 'optional values are not supported',
  'optional.of': 'optional values are not supported',
  'optional.none': 'optional values are not supported',
};

/** Variables kubeward cannot provide, with the reason a compile error gives. */
export const UNSUPPORTED_VARIABLES: Readonly<Record<string, string>> = {
  authorizer: 'the authorizer variable is not supported: kubeward evaluates policies without an API server to ask',
};

/** Type names an expression may use as values (`type(x) == string`). */
const TYPE_NAMES = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type', 'dyn', 'timestamp', 'duration']);

/** A compiled expression: evaluate it as often as needed. */
export interface CelProgram {
  ok: true;
  source: string;
  /** Where a failure of this expression points, when it can be told (see `subjectPath`). */
  subjectPath: Path | undefined;
  /** A top-level `<path>.all(v, pred)`: used to find the first failing element. */
  allOver?: { rangePath: Path; iterVar: string; predicate: CelProgram };
  /** Like `subjectPath`, for a chain rooted at another variable (a comprehension's). */
  pathFrom(root: string): Path | undefined;
  evaluate(bindings: Record<string, unknown>, budget?: Partial<CelBudget>): CelOutcome;
  /**
   * As evaluate, the value as CEL gives it (no fromCel): for a variable's value, which later expressions read as it is
   * (doubles stay doubles, uints uints, map keys keep their types, a key `__proto__` stays a key).
   */
  evaluateRaw(bindings: Record<string, unknown>, budget?: Partial<CelBudget>): CelOutcome;
}

type AnyExpr = any;

/**
 * Compile `source` for the given variable names. Returns a program, or an error with the parser's text or the name
 * of the unknown or unsupported function or variable.
 */
export function compile(source: string, variables: readonly string[]): CelProgram | CelCompileError {
  if (typeof source !== 'string' || source.trim() === '') return { ok: false, message: 'the expression is empty' };
  let parsed: AnyExpr;
  try {
    parsed = parse(source);
  } catch (e) {
    return { ok: false, message: `syntax error: ${(e as Error).message}` };
  }
  environment();
  let unsupported: string | undefined;
  visit(parsed.expr, (e) => {
    // CEL's global `matches(string, regex)` (gateway-api's policies use it): the library declares only the method.
    if (e.exprKind.case === 'callExpr' && e.exprKind.value.function === 'matches' && !e.exprKind.value.target && e.exprKind.value.args.length === 2) {
      const call = e.exprKind.value;
      call.target = call.args[0];
      call.args = [call.args[1]];
    }
    const name = e.exprKind.case === 'identExpr' ? e.exprKind.value.name : undefined;
    if (!unsupported && name && UNSUPPORTED_VARIABLES[name] && !variables.includes(name)) unsupported = UNSUPPORTED_VARIABLES[name];
  });
  if (unsupported) return { ok: false, message: unsupported };
  const problem = checkExpr(parsed.expr, new Set(variables), new Set());
  if (problem) return { ok: false, message: problem };
  return programOf(source, parsed, variables);
}

function programOf(source: string, parsed: AnyExpr, variables: readonly string[]): CelProgram {
  const subject = subjectPath(parsed.expr);
  const pathFrom = (root: string) => subjectPath(parsed.expr, root);
  const allOver = topLevelAll(parsed.expr, source, variables);
  instrument(parsed.expr, { next: maxId(parsed.expr) + 1 });
  const env = environment();
  let run: (ctx: Record<string, CelInput>) => unknown;
  try {
    run = plan(env, parsed);
  } catch (e) {
    const message = `cannot plan the expression: ${(e as Error).message}`;
    const failed = (): CelOutcome => ({ kind: 'error', message });
    return { ok: true, source, subjectPath: subject, pathFrom, evaluate: failed, evaluateRaw: failed };
  }
  return {
    ok: true,
    source,
    subjectPath: subject,
    pathFrom,
    allOver,
    evaluate(bindings, budget) {
      const r = evaluateRaw(bindings, budget);
      return r.kind === 'value' ? { kind: 'value', value: fromCel(r.value) } : r;
    },
    evaluateRaw,
  };

  function evaluateRaw(bindings: Record<string, unknown>, budget?: Partial<CelBudget>): CelOutcome {
    const limits = { ...DEFAULT_BUDGET, ...budget };
    const state: RunState = {
      steps: 0,
      maxSteps: limits.maxSteps,
      maxMillis: limits.maxMillis,
      deadline: performance.now() + limits.maxMillis,
      exceeded: undefined,
    };
    const outer = current;
    current = state;
    let result: unknown;
    try {
      const ctx: Record<string, CelInput> = {};
      for (const [k, v] of Object.entries(bindings)) ctx[k] = toCel(v);
      result = run(ctx);
    } catch (e) {
      result = undefined;
      if (!state.exceeded) return { kind: 'error', message: `internal error: ${(e as Error).message}` };
    } finally {
      current = outer;
    }
    if (!state.exceeded && performance.now() > state.deadline && state.steps > 0) state.exceeded = overTime(state);
    if (state.exceeded) return { kind: 'budget', message: state.exceeded };
    if (isCelError(result)) return { kind: 'error', message: (result as Error).message };
    return { kind: 'value', value: result };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Compile-time check: every call names a known function, every free identifier a declared variable.

function checkExpr(expr: AnyExpr, vars: Set<string>, bound: Set<string>): string | undefined {
  if (!expr?.exprKind) return undefined;
  const { case: kind, value } = expr.exprKind;
  switch (kind) {
    case 'constExpr':
      return undefined;
    case 'identExpr':
      return checkIdent(value.name, vars, bound);
    case 'selectExpr': {
      const dotted = dottedName(expr);
      if (dotted && !vars.has(dotted.split('.')[0]) && !bound.has(dotted.split('.')[0]) && dotted.startsWith('google.protobuf.')) return undefined;
      return checkExpr(value.operand, vars, bound);
    }
    case 'callExpr': {
      const name: string = value.function;
      let qualified: string | undefined;
      if (value.target) {
        const dotted = dottedName(value.target);
        const root = dotted?.split('.')[0];
        if (root && UNSUPPORTED_VARIABLES[root] && !vars.has(root) && !bound.has(root)) return UNSUPPORTED_VARIABLES[root];
        if (dotted && root && !vars.has(root) && !bound.has(root)) qualified = `${dotted}.${name}`;
      }
      const fullName = qualified ?? name;
      if (UNSUPPORTED_FUNCTIONS[fullName]) return `unsupported function '${fullName}': ${UNSUPPORTED_FUNCTIONS[fullName]}`;
      if (!isOperator(name) && !knownFunctions!.has(fullName)) {
        return `undeclared reference to function '${fullName}' (kubeward's CEL environment does not provide it)`;
      }
      if (value.target && !qualified) {
        const p = checkExpr(value.target, vars, bound);
        if (p) return p;
      }
      for (const arg of value.args) {
        const p = checkExpr(arg, vars, bound);
        if (p) return p;
      }
      return undefined;
    }
    case 'listExpr':
      for (const e of value.elements) {
        const p = checkExpr(e, vars, bound);
        if (p) return p;
      }
      return undefined;
    case 'structExpr':
      for (const entry of value.entries) {
        const p = (entry.keyKind?.case === 'mapKey' ? checkExpr(entry.keyKind.value, vars, bound) : undefined) ?? checkExpr(entry.value, vars, bound);
        if (p) return p;
      }
      return undefined;
    case 'comprehensionExpr': {
      const p = checkExpr(value.iterRange, vars, bound) ?? checkExpr(value.accuInit, vars, bound);
      if (p) return p;
      const inner = new Set(bound);
      inner.add(value.iterVar);
      if (value.iterVar2) inner.add(value.iterVar2);
      inner.add(value.accuVar);
      return checkExpr(value.loopCondition, vars, inner) ?? checkExpr(value.loopStep, vars, inner) ?? checkExpr(value.result, vars, inner);
    }
    default:
      return undefined;
  }
}

function checkIdent(name: string, vars: Set<string>, bound: Set<string>): string | undefined {
  if (vars.has(name) || bound.has(name) || TYPE_NAMES.has(name)) return undefined;
  if (UNSUPPORTED_VARIABLES[name]) return UNSUPPORTED_VARIABLES[name];
  return `undeclared reference to '${name}' (variables here: ${[...vars].join(', ')})`;
}

function isOperator(name: string): boolean {
  return name.startsWith('_') || name.startsWith('@') || name === '!_' || name === '-_';
}

/** `a.b.c` for a chain of selects on an identifier, else undefined. */
function dottedName(expr: AnyExpr): string | undefined {
  const parts: string[] = [];
  let e = expr;
  while (e?.exprKind?.case === 'selectExpr' && !e.exprKind.value.testOnly) {
    parts.unshift(e.exprKind.value.field);
    e = e.exprKind.value.operand;
  }
  if (e?.exprKind?.case !== 'identExpr') return undefined;
  parts.unshift(e.exprKind.value.name);
  return parts.join('.');
}

// ---------------------------------------------------------------------------------------------------------------
// The budget: every comprehension's loop condition goes through the step function.

function maxId(expr: AnyExpr): number {
  let max = 0;
  visit(expr, (e) => {
    const id = Number(e.id ?? 0);
    if (id > max) max = id;
  });
  return max;
}

function visit(expr: AnyExpr, fn: (e: AnyExpr) => void): void {
  if (!expr?.exprKind) return;
  fn(expr);
  const { case: kind, value } = expr.exprKind;
  if (kind === 'selectExpr') visit(value.operand, fn);
  else if (kind === 'callExpr') {
    if (value.target) visit(value.target, fn);
    for (const a of value.args) visit(a, fn);
  } else if (kind === 'listExpr') for (const e of value.elements) visit(e, fn);
  else if (kind === 'structExpr') {
    for (const entry of value.entries) {
      if (entry.keyKind?.case === 'mapKey') visit(entry.keyKind.value, fn);
      visit(entry.value, fn);
    }
  } else if (kind === 'comprehensionExpr') {
    for (const part of [value.iterRange, value.accuInit, value.loopCondition, value.loopStep, value.result]) visit(part, fn);
  }
}

function instrument(expr: AnyExpr, ids: { next: number }): void {
  const comprehensions: AnyExpr[] = [];
  visit(expr, (e) => {
    if (e.exprKind.case === 'comprehensionExpr') comprehensions.push(e.exprKind.value);
  });
  for (const c of comprehensions) {
    c.loopCondition = {
      $typeName: 'cel.expr.Expr',
      id: BigInt(ids.next++),
      exprKind: { case: 'callExpr', value: { $typeName: 'cel.expr.Expr.Call', function: STEP_FUNCTION, args: [c.loopCondition] } },
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Paths: where a failing expression points in `object`.

/**
 * The path into `object` a failure of the expression points at: the first chain of field selections on `object`
 * (`object.spec.replicas <= 5` → spec.replicas; `has(object.metadata.labels.team)` → metadata.labels.team), with
 * constant indexes (`object.spec.containers[0].image`). Undefined when the expression selects nothing from `object`.
 */
export function subjectPath(expr: AnyExpr, root = 'object'): Path | undefined {
  let found: Path | undefined;
  const walk = (e: AnyExpr): void => {
    if (found || !e?.exprKind) return;
    const chain = selectChain(e, root);
    if (chain && chain.length > 0) {
      found = chain;
      return;
    }
    const { case: kind, value } = e.exprKind;
    if (kind === 'selectExpr') walk(value.operand);
    else if (kind === 'callExpr') {
      if (value.target) walk(value.target);
      for (const a of value.args) walk(a);
    } else if (kind === 'listExpr') for (const x of value.elements) walk(x);
    else if (kind === 'comprehensionExpr') {
      walk(value.iterRange);
      walk(value.loopStep);
    }
  };
  walk(expr);
  return found;
}

/** The longest path of a select / constant-index chain rooted at the identifier `root`, or undefined. */
function selectChain(expr: AnyExpr, root: string): Path | undefined {
  const parts: Array<string | number> = [];
  let e = expr;
  for (;;) {
    const kind = e?.exprKind?.case;
    if (kind === 'selectExpr') {
      parts.unshift(e.exprKind.value.field);
      e = e.exprKind.value.operand;
    } else if (kind === 'callExpr' && e.exprKind.value.function === '_[_]' && e.exprKind.value.args.length === 2) {
      const key = e.exprKind.value.args[1];
      if (key.exprKind?.case !== 'constExpr') return undefined;
      const c = key.exprKind.value.constantKind;
      if (c.case === 'int64Value' || c.case === 'uint64Value') parts.unshift(Number(c.value));
      else if (c.case === 'stringValue') parts.unshift(c.value);
      else return undefined;
      e = e.exprKind.value.args[0];
    } else if (kind === 'identExpr') {
      return e.exprKind.value.name === root ? parts : undefined;
    } else {
      return undefined;
    }
  }
}

/** `object.<path>.all(v, pred)` at the top: compiled so the first failing element can be found. */
function topLevelAll(expr: AnyExpr, source: string, variables: readonly string[]): CelProgram['allOver'] {
  if (expr.exprKind?.case !== 'comprehensionExpr') return undefined;
  const c = expr.exprKind.value;
  // The all() macro: accuInit true, step `accu && pred`.
  if (
    c.accuInit?.exprKind?.case !== 'constExpr' ||
    c.accuInit.exprKind.value.constantKind.case !== 'boolValue' ||
    c.accuInit.exprKind.value.constantKind.value !== true
  )
    return undefined;
  const step = c.loopStep?.exprKind;
  if (step?.case !== 'callExpr' || step.value.function !== '_&&_' || step.value.args.length !== 2) return undefined;
  const rangePath = selectChain(c.iterRange, 'object');
  if (!rangePath || c.iterVar2) return undefined;
  const predicate = structuredClone(step.value.args[1]);
  const program = programOf(source, { $typeName: 'cel.expr.ParsedExpr', expr: predicate }, [...variables, c.iterVar]);
  return { rangePath, iterVar: c.iterVar, predicate: program };
}

// ---------------------------------------------------------------------------------------------------------------
// Values: kubeward's plain JS (decoded YAML) to CEL and back.

/**
 * A value that may hold CEL values (a variable's result, bindings) → CEL input: integral numbers become CEL ints (as
 * Kubernetes' int fields are), other numbers doubles, objects maps. CEL values (from `quantity()`, timestamps and the
 * like, messages with a `$typeName`) pass through.
 */
export function toCel(value: unknown): CelInput {
  // Strings first: most of an object's values.
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null) return value as CelInput;
  if (Array.isArray(value)) {
    const list: CelInput[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) list[i] = toCel(value[i]);
    return list;
  }
  if (value instanceof Map || isCelMap(value) || isCelList(value) || isCelUint(value) || value instanceof Uint8Array) return value as CelInput;
  // A message (a `$typeName` key) passes through, unless fromCel made it of a CEL map (data, see fromMaps).
  if ('$typeName' in value && !fromMaps.has(value)) return value as CelInput;
  const map = new Map<string, CelInput>();
  // Keys, not entries: no [key, value] array per property.
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) map.set(keys[i], toCel(record[keys[i]]));
  return map;
}

/**
 * Decoded YAML (a manifest, a request, params) → CEL input, as toCel but holding no CEL value: an object with a
 * `$typeName` key (an annotation a manifest may well have) is a map like any other, never taken for a message.
 */
export function dataToCel(value: unknown): CelInput {
  return dataValue(value);
}

/**
 * One value of decoded YAML as CEL sees it. Objects and arrays are not converted up front: they are CEL maps and
 * lists (DataMap, DataList) over the decoded value, whose members are converted when an expression reads them (an
 * expression reads a few fields of an object that toCel would convert whole). Values as toCel gives them:
 * integral numbers ints, others doubles, undefined null, every object a map.
 */
function dataValue(value: unknown): CelInput {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null) return value as CelInput;
  if (Array.isArray(value)) return new DataList(value) as unknown as CelInput;
  if (value instanceof Map || isCelMap(value) || isCelList(value) || isCelUint(value) || value instanceof Uint8Array) return value as CelInput;
  return new DataMap(value as Record<string, unknown>);
}

// @bufbuild/cel tells its maps and lists by these registered symbols (isCelMap, isCelList): DataMap and DataList are
// maps and lists to it, behaving as its own over a JavaScript Map or array of the converted values (test/policy/to-cel).
const CEL_MAP = Symbol.for('@bufbuild/cel/map');
const CEL_LIST = Symbol.for('@bufbuild/cel/list');
const isOwnKey = (record: object, key: string) => Object.prototype.propertyIsEnumerable.call(record, key);

/** A decoded YAML mapping as a CEL map (string keys only: any other key is absent). */
class DataMap {
  readonly [CEL_MAP] = {};
  private keyList: string[] | undefined;
  constructor(private readonly record: Record<string, unknown>) {}
  private own(): string[] {
    return (this.keyList ??= Object.keys(this.record));
  }
  get size(): number {
    return this.own().length;
  }
  get(key: unknown): CelInput | undefined {
    if (typeof key !== 'string' || !isOwnKey(this.record, key)) return undefined;
    return dataValue(this.record[key]);
  }
  /** As @bufbuild/cel's maps: a key whose value is null is not held. */
  has(key: unknown): boolean {
    const value = this.get(key);
    return value !== undefined && value !== null;
  }
  keys(): IterableIterator<string> {
    return this.own()[Symbol.iterator]();
  }
  *entries(): IterableIterator<[string, CelInput]> {
    for (const k of this.own()) yield [k, dataValue(this.record[k])];
  }
  *values(): IterableIterator<CelInput> {
    for (const k of this.own()) yield dataValue(this.record[k]);
  }
  forEach(callback: (value: CelInput, key: string, map: DataMap) => void, thisArg?: unknown): void {
    for (const k of this.own()) callback.call(thisArg, dataValue(this.record[k]), k, this);
  }
  [Symbol.iterator](): IterableIterator<[string, CelInput]> {
    return this.entries();
  }
}

/** A decoded YAML sequence as a CEL list. */
class DataList {
  readonly [CEL_LIST] = {};
  constructor(private readonly array: readonly unknown[]) {}
  get size(): number {
    return this.array.length;
  }
  get(index: number): CelInput | undefined {
    if (index < 0 || index >= this.array.length) return undefined;
    // @bufbuild/cel's list of a JavaScript array fails so on an index that is not an integer.
    if (!Number.isInteger(index)) throw new Error('unsupported input undefined');
    return dataValue(this.array[index]);
  }
  *values(): IterableIterator<CelInput> {
    for (let i = 0; i < this.array.length; i++) yield dataValue(this.array[i]);
  }
  [Symbol.iterator](): IterableIterator<CelInput> {
    return this.values();
  }
}

/**
 * The value at `path` in data as dataToCel gives it (or a Map and array tree), as a lookup of the same path in the
 * decoded object finds it; a list stays a CEL list.
 */
export function celAt(value: unknown, path: Path): unknown {
  let v = value;
  for (const k of path) {
    if (isCelMap(v) || v instanceof Map) v = v.get(String(k));
    else if (isCelList(v) || Array.isArray(v)) {
      const i = typeof k === 'number' ? k : /^(0|[1-9]\d*)$/.test(k) ? Number(k) : -1;
      v = isCelList(v) ? v.get(i) : v[i];
    } else return undefined;
  }
  return v;
}

/** The items of a CEL list or an array (celAt's lists), or undefined for anything else. */
export function listItems(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  return isCelList(value) ? Array.from(value as Iterable<unknown>) : undefined;
}

/**
 * A cache of one entry, by the identity of its key: checks run one object at a time (every check of an object, then
 * the next object), so the vap check and every custom check share one conversion of the object checked, and it is
 * dropped when the next object is converted, never kept for the run. (The entry, a view of the object, holds the last
 * object checked until then.)
 */
export function oneSlot<V>(): (key: object, make: () => V) => V {
  let held: object | undefined;
  let value: V;
  return (key, make) => {
    if (held === key) return value;
    value = make();
    held = key;
    return value;
  };
}

const objectSlot = oneSlot<CelInput>();
const namespaceSlot = oneSlot<CelInput>();

/** dataToCel of the object being checked, converted once for every check of it (see oneSlot). */
export function objectToCel(object: object): CelInput {
  return objectSlot(object, () => dataToCel(object));
}

/** dataToCel of the Namespace of the object being checked (objects of a file are mostly of one namespace). */
export function namespaceToCel(namespace: object): CelInput {
  return namespaceSlot(namespace, () => dataToCel(namespace));
}

/** The objects fromCel made of CEL maps: data, though one may hold a `$typeName` key (toCel makes them maps again). */
const fromMaps = new WeakSet<object>();

/**
 * CEL value → plain JS for callers and tests: lists arrays, maps objects (non-string keys stringified), uints bigints;
 * a Quantity, URL, IP or CIDR value is kept as it is (opaque).
 */
export function fromCel(value: unknown): unknown {
  if (isCelList(value) || Array.isArray(value)) return Array.from(value as Iterable<unknown>, fromCel);
  // A Quantity, URL, IP or CIDR stays the CEL value it is (opaque: no plain JS stands for it).
  if (isMarked(value)) return value;
  if (isCelMap(value) || value instanceof Map) {
    const out: Record<string, unknown> = {};
    fromMaps.add(out);
    // Own data properties: a key `__proto__` (a map key is any string) is a key, never the object's prototype.
    for (const [k, v] of value.entries())
      Object.defineProperty(out, String(isCelUint(k) ? k.value : k), { value: fromCel(v), writable: true, enumerable: true, configurable: true });
    return out;
  }
  if (isCelUint(value)) return value.value;
  return value;
}

/**
 * The CEL libraries Kubernetes adds on top of CEL's standard library and the strings extension (which
 * @bufbuild/cel provides): lists, regex, URLs, quantity, IP and CIDR, sets, base64. Semantics follow
 * k8s.io/apiserver/pkg/cel/library and the examples of kubernetes.io's "CEL in Kubernetes" page.
 *
 * Quantity, URL, IP and CIDR values are CEL maps with one marker key (a symbol of this module, one per kind) holding a
 * canonical form, so `==` compares them by value; `type()` of one is `map`. Data (manifests, params, variables made
 * of them) has string keys only, so it never passes for one of them.
 */
import {
  celFunc,
  celMap,
  celMethod,
  celUint,
  CelScalar,
  isCelList,
  isCelMap,
  isCelUint,
  listType,
  mapType,
  type CelFunc,
  type CelMap,
  type CelValue,
} from '@bufbuild/cel';
import { RE2JS } from '@bufbuild/re2';

const { INT, DOUBLE, STRING, BOOL, BYTES, DYN } = CelScalar;
const LIST = listType(DYN);
const MAP = mapType(DYN, DYN);

class LibError extends Error {}
const fail = (message: string): never => {
  throw new LibError(message);
};

// ---------------------------------------------------------------------------------------------------------------
// Marked values

type Marker = '@kubeward.quantity' | '@kubeward.url' | '@kubeward.ip' | '@kubeward.cidr';

/**
 * The key of each kind of marked value: a symbol of this module, which no manifest, params object or variable can
 * hold (their maps have string keys only), so a manifest's own map with a key `@kubeward.quantity` is a map like any
 * other, never taken for a Quantity (Kubernetes' CEL sees a map there: no such overload).
 */
const MARKS: Readonly<Record<Marker, symbol>> = {
  '@kubeward.quantity': Symbol('@kubeward.quantity'),
  '@kubeward.url': Symbol('@kubeward.url'),
  '@kubeward.ip': Symbol('@kubeward.ip'),
  '@kubeward.cidr': Symbol('@kubeward.cidr'),
};
const MARK_KEYS = new Set<unknown>(Object.values(MARKS));

function marked(marker: Marker, canonical: string): CelMap {
  // The library's map types name CEL's key types; the symbol key is what no data has.
  return celMap(new Map([[MARKS[marker], canonical]]) as unknown as ReadonlyMap<string, string>);
}

function markedValue(value: unknown, marker: Marker): string | undefined {
  if (!isCelMap(value) || value.size !== 1) return undefined;
  const v = value.get(MARKS[marker] as never);
  return typeof v === 'string' ? v : undefined;
}

/** A Quantity, URL, IP or CIDR value made by this library (an opaque value: fromCel keeps it as it is). */
export function isMarked(value: unknown): boolean {
  if (!(isCelMap(value) || value instanceof Map) || value.size !== 1) return false;
  for (const key of value.keys()) return MARK_KEYS.has(key);
  return false;
}

function need(value: unknown, marker: Marker, what: string): string {
  return markedValue(value, marker) ?? fail(`no such overload: expected ${what}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Comparison shared by the list library

function compareValues(a: CelValue, b: CelValue): number {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) {
    if (typeof na === 'bigint' && typeof nb === 'bigint') return na < nb ? -1 : na > nb ? 1 : 0;
    const x = Number(na);
    const y = Number(nb);
    if (Number.isNaN(x) || Number.isNaN(y)) fail('NaN is not comparable');
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  }
  return fail(`no such overload: values are not comparable`);
}

function numeric(v: CelValue): bigint | number | undefined {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (isCelUint(v)) return v.value;
  return undefined;
}

function celEquals(a: CelValue, b: CelValue): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    const na = numeric(a);
    const nb = numeric(b);
    if (na !== undefined && nb !== undefined) return typeof na === typeof nb ? na === nb : Number(na) === Number(nb);
    return a === b;
  }
  if (isCelUint(a) || isCelUint(b)) {
    const na = numeric(a);
    const nb = numeric(b);
    return na !== undefined && nb !== undefined && Number(na) === Number(nb);
  }
  if (isCelList(a) && isCelList(b)) {
    if (a.size !== b.size) return false;
    for (let i = 0; i < a.size; i++) if (!celEquals(a.get(i)!, b.get(i)!)) return false;
    return true;
  }
  if (isCelMap(a) && isCelMap(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a.entries()) {
      if (!b.has(k) || !celEquals(v, b.get(k)!)) return false;
    }
    return true;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

// ---------------------------------------------------------------------------------------------------------------
// Lists: isSorted, sum, min, max, indexOf, lastIndexOf

/**
 * What the library's loops spend of the evaluation's budget (cel.ts sets it: steps, as a comprehension's, and the
 * clock); it throws once the budget is spent. A comprehension's budget is checked at each of its steps, but one call
 * of a function here may loop over two long lists of a manifest (sets.intersects over two lists of 8,000 strings took
 * 9.5 s), so its loops spend too.
 */
let spend: (units: number) => void = () => undefined;

/** Set what the library's loops spend (cel.ts, once). */
export function meterLibraryLoops(meter: (units: number) => void): void {
  spend = meter;
}

/** A list's items, read once; a step spent for each. */
function items(list: CelValue): CelValue[] {
  const xs = Array.from(list as Iterable<CelValue>);
  spend(xs.length);
  return xs;
}

/** Whether some item of `xs` equals `y`; a step spent for each item compared. */
function holds(xs: readonly CelValue[], y: CelValue): boolean {
  spend(xs.length);
  return xs.some((x) => celEquals(x, y));
}

const lists: CelFunc[] = [
  celMethod('isSorted', LIST, [], BOOL, function () {
    const xs = items(this);
    for (let i = 1; i < xs.length; i++) if (compareValues(xs[i - 1], xs[i]) > 0) return false;
    return true;
  }),
  celMethod('sum', LIST, [], DYN, function () {
    const xs = items(this);
    if (xs.length === 0) return 0n;
    if (xs.every((x) => typeof x === 'bigint')) {
      const s = xs.reduce((a, b) => a + b, 0n);
      if (s > 9223372036854775807n || s < -9223372036854775808n) fail('int overflow');
      return s;
    }
    if (xs.every((x) => isCelUint(x))) return celUint(xs.reduce((a: bigint, b) => a + (b as { value: bigint }).value, 0n));
    if (xs.every((x) => typeof x === 'number')) return xs.reduce((a, b) => a + b, 0);
    return fail('no such overload: sum() needs a list of int, uint or double');
  }),
  celMethod('min', LIST, [], DYN, function () {
    const xs = items(this);
    if (xs.length === 0) fail('min called on empty list');
    return xs.reduce((a, b) => (compareValues(b, a) < 0 ? b : a));
  }),
  celMethod('max', LIST, [], DYN, function () {
    const xs = items(this);
    if (xs.length === 0) fail('max called on empty list');
    return xs.reduce((a, b) => (compareValues(b, a) > 0 ? b : a));
  }),
  celMethod('indexOf', LIST, [DYN], INT, function (x) {
    const xs = items(this);
    return BigInt(xs.findIndex((y) => celEquals(y, x)));
  }),
  celMethod('lastIndexOf', LIST, [DYN], INT, function (x) {
    const xs = items(this);
    for (let i = xs.length - 1; i >= 0; i--) if (celEquals(xs[i], x)) return BigInt(i);
    return -1n;
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Sets (cel-go ext.Sets): sets.contains, sets.equivalent, sets.intersects

const sets: CelFunc[] = [
  celFunc('sets.contains', [LIST, LIST], BOOL, (a, b) => {
    const xs = items(a);
    return items(b).every((y) => holds(xs, y));
  }),
  celFunc('sets.equivalent', [LIST, LIST], BOOL, (a, b) => {
    const xs = items(a);
    const ys = items(b);
    return ys.every((y) => holds(xs, y)) && xs.every((x) => holds(ys, x));
  }),
  celFunc('sets.intersects', [LIST, LIST], BOOL, (a, b) => {
    const xs = items(a);
    return items(b).some((y) => holds(xs, y));
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// base64 (cel-go ext.Encoders)

const encoders: CelFunc[] = [
  celFunc('base64.encode', [BYTES], STRING, (b) => Buffer.from(b).toString('base64')),
  celFunc('base64.decode', [STRING], BYTES, (s) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) fail('invalid base64');
    return new Uint8Array(Buffer.from(s, 'base64'));
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Regex: find, findAll. The pattern is RE2 syntax, checked by RE2; matching positions come from a JS RegExp, run
// only when RE2 (linear time) says there is a match.

const regexCache = new Map<string, { re2: RE2JS; js: RegExp }>();

function compileRegex(pattern: string): { re2: RE2JS; js: RegExp } {
  let r = regexCache.get(pattern);
  if (!r) {
    let re2: RE2JS;
    try {
      re2 = RE2JS.compile(pattern);
    } catch (e) {
      return fail(`invalid regex ${JSON.stringify(pattern)}: ${(e as Error).message}`);
    }
    let body = pattern;
    let flags = 'gu';
    const lead = /^\(\?([imsU]+)\)/.exec(body);
    if (lead) {
      body = body.slice(lead[0].length);
      for (const f of lead[1]) if (f !== 'U' && !flags.includes(f)) flags += f;
      if (lead[1].includes('U')) fail(`regex flag U is not supported by find/findAll`);
    }
    if (/\(\?[a-zA-Z-]*[):]/.test(body.replace(/\\./g, ''))) fail(`inline regex flags inside ${JSON.stringify(pattern)} are not supported by find/findAll`);
    body = body
      .replace(/\\z/g, '$')
      .replace(/\\A/g, '^')
      .replace(/\(\?P</g, '(?<');
    let js: RegExp;
    try {
      js = new RegExp(body, flags);
    } catch (e) {
      return fail(`regex ${JSON.stringify(pattern)} is not supported by find/findAll: ${(e as Error).message}`);
    }
    r = { re2, js };
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(pattern, r);
  }
  return r;
}

function findAll(s: string, pattern: string, limit: number): string[] {
  const { re2, js } = compileRegex(pattern);
  if (limit === 0 || !re2.test(s)) return [];
  const out: string[] = [];
  js.lastIndex = 0;
  for (const m of s.matchAll(js)) {
    out.push(m[0]);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}

const regex: CelFunc[] = [
  celMethod('find', STRING, [STRING], STRING, function (pattern) {
    return findAll(this, pattern, 1)[0] ?? '';
  }),
  celMethod('findAll', STRING, [STRING], LIST, function (pattern) {
    return findAll(this, pattern, -1);
  }),
  celMethod('findAll', STRING, [STRING, INT], LIST, function (pattern, n) {
    return findAll(this, pattern, Number(n));
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// URLs: url, isURL, getScheme, getHost, getHostname, getPort, getEscapedPath, getQuery (Go's url.ParseRequestURI:
// an absolute URL, or an absolute path)

interface ParsedUrl {
  scheme: string;
  host: string;
  hostname: string;
  port: string;
  escapedPath: string;
  query: Map<string, string[]>;
}

function parseUrl(s: string): ParsedUrl | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are what a URL may not hold
  if (s === '' || /[\x00-\x1f\x7f]/.test(s)) return undefined;
  const absolute = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(s);
  let scheme = '';
  let rest = s;
  if (absolute) {
    scheme = absolute[1];
    rest = absolute[2];
  } else if (!s.startsWith('/')) {
    return undefined;
  }
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) rest = rest.slice(0, hashAt);
  const qAt = rest.indexOf('?');
  const rawQuery = qAt >= 0 ? rest.slice(qAt + 1) : '';
  if (qAt >= 0) rest = rest.slice(0, qAt);
  let host = '';
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    host = slash >= 0 ? rest.slice(2, slash) : rest.slice(2);
    rest = slash >= 0 ? rest.slice(slash) : '';
    const at = host.lastIndexOf('@');
    if (at >= 0) host = host.slice(at + 1);
  } else if (scheme && !rest.startsWith('/')) {
    return undefined; // opaque URLs are not request URIs
  }
  let hostname = host;
  let port = '';
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return undefined;
    hostname = host.slice(1, close);
    const after = host.slice(close + 1);
    if (after && !/^:\d*$/.test(after)) return undefined;
    port = after.slice(1);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      hostname = host.slice(0, colon);
      port = host.slice(colon + 1);
      if (!/^\d*$/.test(port)) return undefined;
    }
  }
  let path: string;
  try {
    path = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  const escapedPath = path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (c) => encodeURIComponent(c)).replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
  const query = new Map<string, string[]>();
  if (rawQuery) {
    for (const part of rawQuery.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const decode = (x: string) => {
        try {
          return decodeURIComponent(x.replace(/\+/g, ' '));
        } catch {
          return undefined;
        }
      };
      const k = decode(eq >= 0 ? part.slice(0, eq) : part);
      const v = decode(eq >= 0 ? part.slice(eq + 1) : '');
      if (k === undefined || v === undefined) continue;
      query.set(k, [...(query.get(k) ?? []), v]);
    }
  }
  return { scheme, host, hostname, port, escapedPath: escapedPath, query };
}

function urlOf(value: CelValue): ParsedUrl {
  return parseUrl(need(value, '@kubeward.url', 'URL'))!;
}

const urls: CelFunc[] = [
  celFunc('url', [STRING], MAP, (s) => (parseUrl(s) ? marked('@kubeward.url', s) : fail(`URL parse error during conversion from string: ${s}`))),
  celFunc('isURL', [STRING], BOOL, (s) => parseUrl(s) !== undefined),
  celMethod('getScheme', MAP, [], STRING, function () {
    return urlOf(this).scheme;
  }),
  celMethod('getHost', MAP, [], STRING, function () {
    return urlOf(this).host;
  }),
  celMethod('getHostname', MAP, [], STRING, function () {
    return urlOf(this).hostname;
  }),
  celMethod('getPort', MAP, [], STRING, function () {
    return urlOf(this).port;
  }),
  celMethod('getEscapedPath', MAP, [], STRING, function () {
    return urlOf(this).escapedPath;
  }),
  celMethod('getQuery', MAP, [], MAP, function () {
    return new Map([...urlOf(this).query].map(([k, v]) => [k, v] as [string, string[]]));
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Quantity: exact rational values

interface Rational {
  num: bigint;
  den: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};

function rational(num: bigint, den: bigint): Rational {
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

const BINARY: Record<string, bigint> = { Ki: 2n ** 10n, Mi: 2n ** 20n, Gi: 2n ** 30n, Ti: 2n ** 40n, Pi: 2n ** 50n, Ei: 2n ** 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** A Kubernetes quantity string (`500m`, `1.5Gi`, `1e3`) as an exact rational, or undefined. */
export function parseQuantity(s: string): Rational | undefined {
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return undefined;
  const [, sign, number, suffix, exponent] = m;
  const [whole, fraction = ''] = number.split('.');
  let num = BigInt((whole || '0') + fraction) * (sign === '-' ? -1n : 1n);
  let den = 10n ** BigInt(fraction.length);
  if (suffix && BINARY[suffix]) num *= BINARY[suffix];
  else {
    const e = suffix !== undefined ? DECIMAL[suffix] : exponent !== undefined ? Number(exponent) : 0;
    if (Math.abs(e) > 1000) return undefined;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  }
  return rational(num, den);
}

const ratString = (r: Rational) => `${r.num}/${r.den}`;
function quantityOf(value: CelValue): Rational {
  const [n, d] = need(value, '@kubeward.quantity', 'Quantity').split('/');
  return { num: BigInt(n), den: BigInt(d) };
}
function operand(value: CelValue): Rational {
  if (typeof value === 'bigint') return { num: value, den: 1n };
  return quantityOf(value);
}
const cmp = (a: Rational, b: Rational) => {
  const x = a.num * b.den;
  const y = b.num * a.den;
  return x < y ? -1 : x > y ? 1 : 0;
};

const quantities: CelFunc[] = [
  celFunc('quantity', [STRING], MAP, (s) => {
    const q = parseQuantity(s);
    return q
      ? marked('@kubeward.quantity', ratString(q))
      : fail(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${s}`);
  }),
  celFunc('isQuantity', [STRING], BOOL, (s) => parseQuantity(s) !== undefined),
  celMethod('isInteger', MAP, [], BOOL, function () {
    return quantityOf(this).den === 1n;
  }),
  celMethod('asInteger', MAP, [], INT, function () {
    const q = quantityOf(this);
    if (q.den !== 1n || q.num > 9223372036854775807n || q.num < -9223372036854775808n) fail('cannot convert value to integer');
    return q.num;
  }),
  celMethod('asApproximateFloat', MAP, [], DOUBLE, function () {
    const q = quantityOf(this);
    return Number(q.num) / Number(q.den);
  }),
  celMethod('sign', MAP, [], INT, function () {
    const q = quantityOf(this);
    return q.num > 0n ? 1n : q.num < 0n ? -1n : 0n;
  }),
  celMethod('add', MAP, [DYN], MAP, function (x) {
    const a = quantityOf(this);
    const b = operand(x);
    return marked('@kubeward.quantity', ratString(rational(a.num * b.den + b.num * a.den, a.den * b.den)));
  }),
  celMethod('sub', MAP, [DYN], MAP, function (x) {
    const a = quantityOf(this);
    const b = operand(x);
    return marked('@kubeward.quantity', ratString(rational(a.num * b.den - b.num * a.den, a.den * b.den)));
  }),
  celMethod('isLessThan', MAP, [MAP], BOOL, function (x) {
    return cmp(quantityOf(this), quantityOf(x)) < 0;
  }),
  celMethod('isGreaterThan', MAP, [MAP], BOOL, function (x) {
    return cmp(quantityOf(this), quantityOf(x)) > 0;
  }),
  celMethod('compareTo', MAP, [MAP], INT, function (x) {
    return BigInt(cmp(quantityOf(this), quantityOf(x)));
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// IP and CIDR (Kubernetes 1.31): addresses as bigints

interface Address {
  family: 4 | 6;
  value: bigint;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0')) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

function parseIPv6(s: string): bigint | undefined {
  if (s.includes('%')) return undefined;
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  for (const g of [...head, ...rest]) if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
  const total = head.length + rest.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  const words = [...head, ...Array.from({ length: halves.length === 2 ? 8 - total : 0 }, () => '0'), ...rest];
  return words.reduce((a, w) => (a << 16n) | BigInt('0x' + w), 0n);
}

/** An IP address as Kubernetes' `ip()` accepts it: IPv4 dotted quad (no leading zeros) or IPv6 without zone; an
 *  IPv4-mapped IPv6 address is refused. */
function parseIP(s: string): Address | undefined {
  const v4 = parseIPv4(s);
  if (v4 !== undefined) return { family: 4, value: v4 };
  if (!s.includes(':')) return undefined;
  const v6 = parseIPv6(s);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return undefined;
  return { family: 6, value: v6 };
}

function formatIP(a: Address): string {
  if (a.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((a.value >> s) & 255n)).join('.');
  const words = Array.from({ length: 8 }, (_, i) => Number((a.value >> BigInt((7 - i) * 16)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function ipOf(value: CelValue): Address {
  return parseIP(need(value, '@kubeward.ip', 'IP address'))!;
}

interface Cidr {
  ip: Address;
  prefix: number;
}

function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const p = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return undefined;
  const prefix = Number(p);
  if (prefix > (ip.family === 4 ? 32 : 128)) return undefined;
  return { ip, prefix };
}

const bits = (a: Address) => (a.family === 4 ? 32 : 128);
function mask(c: Cidr): bigint {
  const n = BigInt(bits(c.ip));
  return ((1n << n) - 1n) ^ ((1n << (n - BigInt(c.prefix))) - 1n);
}
function cidrOf(value: CelValue): Cidr {
  return parseCidr(need(value, '@kubeward.cidr', 'CIDR'))!;
}
function contains(c: Cidr, a: Address): boolean {
  return a.family === c.ip.family && (a.value & mask(c)) === (c.ip.value & mask(c));
}

const ipValue = (a: Address) => marked('@kubeward.ip', formatIP(a));
const cidrValue = (c: Cidr) => marked('@kubeward.cidr', `${formatIP(c.ip)}/${c.prefix}`);

const ips: CelFunc[] = [
  celFunc('ip', [STRING], MAP, (s) => {
    const a = parseIP(s);
    return a ? ipValue(a) : fail(`IP Address ${JSON.stringify(s)} parse error during conversion from string`);
  }),
  celFunc('isIP', [STRING], BOOL, (s) => parseIP(s) !== undefined),
  celFunc('ip.isCanonical', [STRING], BOOL, (s) => {
    const a = parseIP(s);
    return a ? formatIP(a) === s : fail(`IP Address ${JSON.stringify(s)} parse error during conversion from string`);
  }),
  celMethod('family', MAP, [], INT, function () {
    return BigInt(ipOf(this).family);
  }),
  celMethod('isUnspecified', MAP, [], BOOL, function () {
    return ipOf(this).value === 0n;
  }),
  celMethod('isLoopback', MAP, [], BOOL, function () {
    const a = ipOf(this);
    return a.family === 4 ? a.value >> 24n === 127n : a.value === 1n;
  }),
  celMethod('isLinkLocalMulticast', MAP, [], BOOL, function () {
    const a = ipOf(this);
    return a.family === 4 ? a.value >> 8n === 0xe00000n : a.value >> 112n === 0xff02n;
  }),
  celMethod('isLinkLocalUnicast', MAP, [], BOOL, function () {
    const a = ipOf(this);
    return a.family === 4 ? a.value >> 16n === 0xa9fen : a.value >> 118n === 0x3fan;
  }),
  celMethod('isGlobalUnicast', MAP, [], BOOL, function () {
    const a = ipOf(this);
    if (a.family === 4) {
      return a.value !== 0n && a.value !== 0xffffffffn && a.value >> 24n !== 127n && a.value >> 28n !== 0xen && a.value >> 16n !== 0xa9fen;
    }
    return a.value !== 0n && a.value !== 1n && a.value >> 120n !== 0xffn && a.value >> 118n !== 0x3fan;
  }),
  celFunc('cidr', [STRING], MAP, (s) => {
    const c = parseCidr(s);
    return c ? cidrValue(c) : fail(`network address parse error during conversion from string: ${s}`);
  }),
  celFunc('isCIDR', [STRING], BOOL, (s) => parseCidr(s) !== undefined),
  celMethod('containsIP', MAP, [DYN], BOOL, function (x) {
    const c = cidrOf(this);
    const a = typeof x === 'string' ? (parseIP(x) ?? fail(`IP Address ${JSON.stringify(x)} parse error during conversion from string`)) : ipOf(x);
    return contains(c, a);
  }),
  celMethod('containsCIDR', MAP, [DYN], BOOL, function (x) {
    const c = cidrOf(this);
    const other = typeof x === 'string' ? (parseCidr(x) ?? fail(`network address parse error during conversion from string: ${x}`)) : cidrOf(x);
    return other.prefix >= c.prefix && contains(c, other.ip);
  }),
  celMethod('ip', MAP, [], MAP, function () {
    return ipValue(cidrOf(this).ip);
  }),
  celMethod('masked', MAP, [], MAP, function () {
    const c = cidrOf(this);
    return cidrValue({ ip: { family: c.ip.family, value: c.ip.value & mask(c) }, prefix: c.prefix });
  }),
  celMethod('prefixLength', MAP, [], INT, function () {
    return BigInt(cidrOf(this).prefix);
  }),
  // string(ip), string(cidr)
  celFunc('string', [MAP], STRING, (x) => {
    const ip = markedValue(x, '@kubeward.ip');
    if (ip !== undefined) return ip;
    const cidr = markedValue(x, '@kubeward.cidr');
    if (cidr !== undefined) return cidr;
    const url = markedValue(x, '@kubeward.url');
    if (url !== undefined) return url;
    return fail('no such overload: string(map)');
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Strings extension fix: @bufbuild/cel 0.6.1 drops the remainder in split(sep, n); cel-go keeps it in the last part.

const stringFixes: CelFunc[] = [
  celMethod('split', STRING, [STRING, INT], LIST, function (sep, n) {
    if (n === 0n) return [];
    const parts = this.split(sep);
    if (n < 0n || BigInt(parts.length) <= n) return parts;
    const k = Number(n);
    return [...parts.slice(0, k - 1), parts.slice(k - 1).join(sep)];
  }),
];

/** Every function kubeward adds to CEL's standard library and the strings extension. */
export const kubernetesLibrary: readonly CelFunc[] = [...stringFixes, ...lists, ...sets, ...encoders, ...regex, ...urls, ...quantities, ...ips];

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/policy/runtime.js';

function run(expr: string, object: unknown = {}) {
  const p = compile(expr, ['object']);
  if (!p.ok) throw new Error(p.message);
  return p.evaluate({ object });
}
const value = (expr: string, object?: unknown) => {
  const r = run(expr, object);
  if (r.kind !== 'value') throw new Error(`${expr}: ${r.kind} ${r.message}`);
  return r.value;
};
const error = (expr: string) => {
  const r = run(expr);
  expect(r.kind, expr).toBe('error');
  return (r as { message: string }).message;
};

// Examples from kubernetes.io "CEL in Kubernetes" (list, regex, URL, quantity, IP/CIDR libraries) and cel-go's
// strings extension.
const CASES: Array<[string, unknown]> = [
  ['[1, 2, 3].isSorted()', true],
  ["['a', 'b', 'b', 'c'].isSorted()", true],
  ['[2.0, 1.0].isSorted()', false],
  ['[].isSorted()', true],
  ['[1, 3].sum()', 4n],
  ['[1.0, 3.0].sum()', 4],
  ['[].sum()', 0n],
  ['[1, 3].min()', 1n],
  ['[1, 3].max()', 3n],
  ['([0] + []).min()', 0n],
  ['[1, 2, 2, 3].indexOf(2)', 1n],
  ["['a', 'b', 'b', 'c'].lastIndexOf('b')", 2n],
  ['[1, 2].indexOf(5)', -1n],
  ["'abc 123'.find('[0-9]+')", '123'],
  ["'abc'.find('[0-9]+')", ''],
  ["'123 abc 456'.findAll('[0-9]+')", ['123', '456']],
  ["'123 abc 456'.findAll('[0-9]+', 1)", ['123']],
  ["'ABC'.find('(?i)b')", 'B'],
  ["url('https://example.com:80/').getHost()", 'example.com:80'],
  ["url('https://example.com:80/').getHostname()", 'example.com'],
  ["url('https://[::1]:80/').getHostname()", '::1'],
  ["url('https://example.com:80/').getPort()", '80'],
  ["url('https://example.com/').getPort()", ''],
  ["url('/path').getScheme()", ''],
  ["url('https://example.com/').getScheme()", 'https'],
  ["url('https://example.com/path with spaces/').getEscapedPath()", '/path%20with%20spaces/'],
  ["url('https://example.com/path?k1=a&k2=b&k2=c').getQuery()", { k1: ['a'], k2: ['b', 'c'] }],
  ["isURL('https://example.com/')", true],
  ["isURL('../relative-path')", false],
  ["quantity('50000000G').isInteger()", true],
  ["quantity('50k').asInteger()", 50000n],
  ["quantity('50.703k').asApproximateFloat()", 50703],
  ["quantity('50M').add(quantity('20k')) == quantity('50.02M')", true],
  ["quantity('50k').sub(20) == quantity('49980')", true],
  ["quantity('50k').add(20) == quantity('50020')", true],
  ["quantity('50.5k').isGreaterThan(quantity('50k'))", true],
  ["quantity('50.5k').isLessThan(quantity('50k'))", false],
  ["quantity('200M').compareTo(quantity('0.2G'))", 0n],
  ["quantity('1Gi') == quantity('1024Mi')", true],
  ["quantity('-1.5').sign()", -1n],
  ["quantity('1.5G').isInteger()", true],
  ["quantity('1.5').isInteger()", false],
  ["isQuantity('1.3G')", true],
  ["isQuantity('1.3Gz')", false],
  ["quantity('500m').asApproximateFloat()", 0.5],
  ["isIP('1.2.3.4')", true],
  ["isIP('2001:db8::abcd')", true],
  ["isIP('1.2.3.4/24')", false],
  ["isIP('127.0.0.01')", false],
  ["isIP('::ffff:1.2.3.4')", false],
  ["ip('1.2.3.4').family()", 4n],
  ["ip('::1').family()", 6n],
  ["ip('127.0.0.1').isLoopback()", true],
  ["ip('0.0.0.0').isUnspecified()", true],
  ["ip('224.0.0.1').isLinkLocalMulticast()", true],
  ["ip('169.254.1.1').isLinkLocalUnicast()", true],
  ["ip('192.168.0.1').isGlobalUnicast()", true],
  ["ip.isCanonical('2001:db8::abcd')", true],
  ["ip.isCanonical('2001:DB8::ABCD')", false],
  ["ip('2001:db8::abcd') == ip('2001:DB8::ABCD')", true],
  ["string(ip('2001:DB8:0:0:0:0:0:1'))", '2001:db8::1'],
  ["isCIDR('192.168.0.0/24')", true],
  ["isCIDR('192.168.0.0/33')", false],
  ["cidr('192.168.0.0/24').containsIP(ip('192.168.0.1'))", true],
  ["cidr('192.168.0.0/24').containsIP('192.168.1.1')", false],
  ["cidr('192.168.0.0/24').containsCIDR('192.168.0.0/25')", true],
  ["cidr('192.168.0.0/24').containsCIDR(cidr('192.168.0.0/23'))", false],
  ["cidr('192.168.0.1/24').ip() == ip('192.168.0.1')", true],
  ["cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24')", true],
  ["cidr('::1/128').prefixLength()", 128n],
  ["string(cidr('192.168.0.0/24'))", '192.168.0.0/24'],
  ["'TacoCat'.lowerAscii()", 'tacocat'],
  ["'TacoCat'.upperAscii()", 'TACOCAT'],
  ["'a,b,c'.split(',')", ['a', 'b', 'c']],
  ["'a,b,c'.split(',', 2)", ['a', 'b,c']],
  ["'a,b,c'.split(',', 0)", []],
  ["['a', 'b'].join('-')", 'a-b'],
  ["'hello hello'.replace('he', 'we')", 'wello wello'],
  ["'hello hello'.replace('he', 'we', 1)", 'wello hello'],
  ["'  \\ttrim\\n  '.trim()", 'trim'],
  ["'tacocat'.substring(4)", 'cat'],
  ["'tacocat'.substring(0, 4)", 'taco'],
  ["'hello mellow'.indexOf('ello')", 1n],
  ["'hello mellow'.lastIndexOf('ello')", 7n],
  ["'tacocat'.charAt(3)", 'o'],
  ["'%s has %d items'.format(['cart', 3])", 'cart has 3 items'],
  ['sets.contains([1, 2, 3], [2, 3])', true],
  ['sets.equivalent([1, 2], [2, 1, 1])', true],
  ['sets.intersects([1], [2])', false],
  ["base64.encode(b'hello')", 'aGVsbG8='],
  ["'hello'.matches('^h.*o$')", true],
];

describe('Kubernetes CEL libraries', () => {
  it.each(CASES)('%s', (expr, expected) => {
    expect(value(expr)).toEqual(expected);
  });

  it('ran every library example', () => {
    expect(CASES.length).toBe(91);
  });

  it.each([
    ['[].min()', 'min called on empty list'],
    ["quantity('9999999999999999999999999999999999999G').asInteger()", 'cannot convert value to integer'],
    ["url('../relative')", 'URL parse error during conversion from string: ../relative'],
    ["ip('::ffff:1.2.3.4')", 'IP Address "::ffff:1.2.3.4" parse error during conversion from string'],
    ["quantity('x')", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': x"],
  ])('%s is an evaluation error', (expr, message) => {
    expect(error(expr)).toBe(message);
  });

  it('reads decoded YAML numbers as CEL ints', () => {
    expect(value('object.spec.replicas + 1 == 4', { spec: { replicas: 3 } })).toBe(true);
    expect(value('object.spec.ratio * 2.0', { spec: { ratio: 0.25 } })).toBe(0.5);
  });
});

describe('compile errors', () => {
  it.each([
    ['nosuch(1)', "undeclared reference to function 'nosuch' (kubeward's CEL environment does not provide it)"],
    ['object.metadata.name.reverse()', "undeclared reference to function 'reverse' (kubeward's CEL environment does not provide it)"],
    ['math.greatest(1, 2)', "unsupported function 'math.greatest': the math extension is not supported"],
    ["semver('1.0.0')", "unsupported function 'semver': the Kubernetes semver library is not supported"],
    ["authorizer.group('apps').check('get').allowed()", 'the authorizer variable is not supported: kubeward evaluates policies without an API server to ask'],
    ['self.x > 1', "undeclared reference to 'self' (variables here: object)"],
    ['1 +', 'syntax error: <input>:1:3: found + but expecting end of input'],
    ['', 'the expression is empty'],
  ])('%s', (expr, message) => {
    const p = compile(expr, ['object']);
    expect(p.ok).toBe(false);
    expect((p as { message: string }).message).toBe(message);
  });

  it("has CEL's global matches(string, regex) as well as the method (gateway-api's safe-upgrades policy uses it)", () => {
    expect(value("matches('v1.2.3', 'v1.[0-3].\\\\d+')")).toBe(true);
    expect(value("matches('v2.0.0', '^v1')")).toBe(false);
    expect(value("'abc'.matches('a.c')")).toBe(true);
  });

  it('knows comprehension variables', () => {
    expect(compile('object.items.all(i, i > 0) && [1].exists(x, x == 1)', ['object']).ok).toBe(true);
    expect(compile('object.items.all(i, j > 0)', ['object']).ok).toBe(false);
  });
});

describe('evaluation budget', () => {
  const big = { spec: { items: Array.from({ length: 400 }, (_, i) => i) } };
  const hostile = 'object.spec.items.all(a, object.spec.items.all(b, object.spec.items.all(c, a + b + c >= 0)))';

  it('stops nested comprehensions over a big list with a budget error', () => {
    const p = compile(hostile, ['object']);
    if (!p.ok) throw new Error(p.message);
    // The step budget, not the (much larger) time budget, stops it: the message says which.
    const r = p.evaluate({ object: big }, { maxSteps: 100_000, maxMillis: 60_000 });
    expect(r).toEqual({ kind: 'budget', message: 'exceeded the evaluation budget of 100000 comprehension steps' });
  });

  it('stops on the time budget too', () => {
    const p = compile(hostile, ['object']);
    if (!p.ok) throw new Error(p.message);
    // 400^3 steps would finish with true after minutes; only the time budget can make it a budget error.
    const r = p.evaluate({ object: big }, { maxSteps: Number.MAX_SAFE_INTEGER, maxMillis: 50 });
    expect(r.kind).toBe('budget');
    expect(r).not.toMatchObject({ message: expect.stringContaining('comprehension steps') });
  });

  it("spends steps in the library's loops too: one call over two long lists of a manifest is stopped, not run for seconds", () => {
    // Two lists of 3,000 strings with nothing in common: 9,000,000 comparisons in one call, no comprehension step.
    const lists = { a: Array.from({ length: 3000 }, (_, i) => `a${i}`), b: Array.from({ length: 3000 }, (_, i) => `b${i}`) };
    for (const expression of ['sets.intersects(object.a, object.b)', 'sets.contains(object.b, object.b) && sets.equivalent(object.a, object.b) || true']) {
      const p = compile(expression, ['object']);
      if (!p.ok) throw new Error(p.message);
      // An error absorbed by `|| true` still ends the evaluation as over budget.
      expect(p.evaluate({ object: lists }, { maxSteps: 1_000_000, maxMillis: 60_000 })).toEqual({
        kind: 'budget',
        message: 'exceeded the evaluation budget of 1000000 comprehension steps',
      });
    }
    // The clock is looked at in those loops as well.
    const p = compile('sets.intersects(object.a, object.b)', ['object']);
    if (!p.ok) throw new Error(p.message);
    const r = p.evaluate({ object: lists }, { maxSteps: Number.MAX_SAFE_INTEGER, maxMillis: -1 });
    expect(r.kind).toBe('budget');
    expect(r).not.toMatchObject({ message: expect.stringContaining('comprehension steps') });
    // Short lists: the same functions, with their values.
    const small = { a: ['x', 'y'], b: ['y'] };
    const ok = compile('sets.intersects(object.a, object.b) && sets.contains(object.a, object.b) && !sets.equivalent(object.a, object.b)', ['object']);
    if (!ok.ok) throw new Error(ok.message);
    expect(ok.evaluate({ object: small })).toEqual({ kind: 'value', value: true });
  });

  it('lets a bounded expression finish', () => {
    const p = compile('object.spec.items.all(a, a >= 0)', ['object']);
    if (!p.ok) throw new Error(p.message);
    expect(p.evaluate({ object: big })).toEqual({ kind: 'value', value: true });
  });
});

/**
 * The schema files' layout (one definition per line, scripts/gen-schemas.mjs's schemaText) and the store that parses a
 * definition only when it is first used (src/validate/schema-store.ts): the same definitions, in the same order, as
 * parsing the whole file (and its base) would give, and no more parsed than a run reaches.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Definitions, headOf, KUBERNETES_VERSIONS, LATEST_KUBERNETES_VERSION, schemasFor } from '../src/validate/schema-store.js';
// @ts-expect-error: the generator is plain JavaScript.
import { schemaText } from '../scripts/gen-schemas.mjs';

const SCHEMAS = path.join(import.meta.dirname, '..', 'schemas');
const whole = (version: string) => JSON.parse(fs.readFileSync(path.join(SCHEMAS, `kubernetes-${version}.json`), 'utf8'));
/** The store's definitions (private): which of them were parsed. */
const definitionsOf = (version: string) => (schemasFor(version) as unknown as { definitions: Definitions }).definitions;
const parsedNames = (definitions: Definitions) => definitions.parsedNames();

describe('schema files, one definition per line', () => {
  it('are laid out as schemaText writes them: the rest on the first line, then one line per definition', () => {
    for (const version of KUBERNETES_VERSIONS) {
      const text = fs.readFileSync(path.join(SCHEMAS, `kubernetes-${version}.json`), 'utf8');
      const doc = whole(version);
      const lines = text.split('\n');
      expect(lines[0].endsWith(',"definitions":{'), version).toBe(true);
      expect(lines.length, version).toBe(Object.keys(doc.definitions).length + 3);
      expect(lines.at(-2)).toBe('}}');
      expect(schemaText(doc)).toBe(text);
    }
  });

  it('writes valid JSON holding the same document, and refuses a definition name that needs escapes or names out of order', () => {
    const doc = { kinds: { v1: { Pod: 'v1.Pod' } }, version: '9.9', definitions: { 'v1.Pod': { type: 'object' }, 'v1.X': { enum: ['a\nb', '"'] } } };
    const text = schemaText(doc);
    expect(text).toBe('{"kinds":{"v1":{"Pod":"v1.Pod"}},"version":"9.9","definitions":{\n"v1.Pod":{"type":"object"},\n"v1.X":{"enum":["a\\nb","\\""]}\n}}\n');
    expect(JSON.parse(text)).toEqual(doc);
    expect(schemaText({ ...doc, definitions: {} })).toBe('{"kinds":{"v1":{"Pod":"v1.Pod"}},"version":"9.9","definitions":{\n\n}}\n');
    expect(() => schemaText({ ...doc, definitions: { 'a"b': {} } })).toThrow(/needs escapes/);
    // The store reads a kind's definition in the first line's text.
    expect(() => schemaText({ ...doc, kinds: { v1: { 'P"d': 'v1.Pod' } } })).toThrow(/other than letters/);
    expect(() => schemaText({ ...doc, kinds: { 'v1}': { Pod: 'v1.Pod' } } })).toThrow(/other than letters/);
    expect(() => schemaText({ ...doc, kinds: { v1: { Pod: 'v1.{Pod}' } } })).toThrow(/other than letters/);
    // The store finds a definition by a binary search of the lines.
    expect(() => schemaText({ ...doc, definitions: { 'v1.X': {}, 'v1.Pod': {} } })).toThrow(/not sorted/);
  });
});

describe('the schema store parses a definition on first use', () => {
  it('parses only what validating an object reaches', () => {
    // Before the test below, which parses every definition of every version.
    const version = '1.33';
    const schemas = schemasFor(version);
    const definitions = definitionsOf(version);
    expect(parsedNames(definitions)).toEqual([]);
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'a' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    };
    expect(schemas.validate(schemas.definitionOf('apps/v1', 'Deployment')!, deployment)).toEqual([]);
    const parsed = parsedNames(definitions);
    expect(parsed).toEqual(expect.arrayContaining(['apps.v1.Deployment', 'apps.v1.DeploymentSpec', 'v1.PodSpec', 'v1.Container']));
    expect(parsed.length).toBeLessThan(definitions.names().length / 10);
    // A name that is none is none (found by a binary search of the lines, not by indexing them).
    expect(schemas.definition('v1.NoSuchThing')).toBeUndefined();
    const lines = fs.readFileSync(path.join(SCHEMAS, `kubernetes-${version}.json`), 'utf8').split('\n');
    expect(schemas.definition(`${lines[1].slice(1)}\n"${lines[2].slice(1, lines[2].indexOf('":'))}`)).toBeUndefined();
    expect(schemas.definition('v1.Pod"')).toBeUndefined();
    // An invalid object's message names its definition: each definition is named as it is parsed, so naming the ones
    // an error reaches parses no other (indexing every definition's name parsed all ~500 of the file).
    const invalid = { ...deployment, spec: { ...deployment.spec, replicas: 'x' } };
    expect(schemas.validate(schemas.definitionOf('apps/v1', 'Deployment')!, invalid).length).toBeGreaterThan(0);
    const before = parsedNames(definitions);
    expect(schemas.names.get(schemas.definition('apps.v1.DeploymentSpec')!)).toBe('DeploymentSpec');
    expect(schemas.names.get(schemas.definition('v1.Container')!)).toBe('Container');
    expect(schemas.names.get(schemas.definition('apps.v1.Deployment')!)).toBe('Deployment');
    expect(schemas.names.get({ type: 'object' })).toBeUndefined();
    expect(parsedNames(definitions)).toEqual(before);
    expect(before.length).toBeLessThan(definitions.names().length / 10);
  });

  it("names a schema error's definition in the finding's message without parsing the others", async () => {
    const { lintText } = await import('../src/engine/index.js');
    const version = '1.32';
    const definitions = definitionsOf(version);
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: b}\nspec: {ports: [{port: 80, nam: a}]}\n';
    const [result] = await lintText(text, { filePath: 'svc.yaml', kubernetesVersion: version, config: {}, render: false });
    const schemaMessages = result.messages.filter((m) => m.ruleId === 'schema');
    expect(schemaMessages.map((m) => m.message).join('\n')).toMatch(/ServicePort/);
    expect(parsedNames(definitions).length).toBeLessThan(definitions.names().length / 10);
  });
  it("finds each kind's definition as the parsed kinds give it, and no other", () => {
    for (const version of KUBERNETES_VERSIONS) {
      const { kinds, version: named } = whole(version);
      expect(named).toBe(version);
      const schemas = schemasFor(version);
      const apiVersions = Object.keys(kinds);
      const allKinds = [...new Set(apiVersions.flatMap((gv) => Object.keys(kinds[gv])))];
      for (const apiVersion of [...apiVersions, 'v9', 'kinds', 'version', 'base', '__proto__', 'apps', 'v1/x', '']) {
        for (const kind of [...allKinds, 'Nothing', '__proto__', 'constructor', '', 'kinds']) {
          const expected = Object.hasOwn(kinds, apiVersion) && Object.hasOwn(kinds[apiVersion], kind) ? kinds[apiVersion][kind] : undefined;
          expect(schemas.definitionOf(apiVersion, kind), `${version} ${apiVersion} ${kind}`).toBe(expected);
        }
      }
      // Names gen-schemas.mjs never writes in the kinds are looked up in them parsed.
      for (const [apiVersion, kind] of [
        ['apps/v1', 'Deploy"ment'],
        ['apps/v1"', 'Deployment'],
        ['v1', 'Pod}'],
        ['v1', 'Pod é'],
        ['v1', 'Pod\\'],
      ])
        expect(schemas.definitionOf(apiVersion, kind)).toBeUndefined();
      expect(schemas.kinds).toEqual(kinds);
    }
  });

  it("reads a first line's base and where its kinds start, and leaves any other start to be parsed", () => {
    const head = (text: string) => headOf(Buffer.from(text));
    expect(head('{"kinds":{"v1":{}},"version":"1.36"')).toEqual({ kindsAt: 10 });
    expect(head('{"base":"1.36","kinds":{"v1":{}},"version":"1.33"')).toEqual({ base: '1.36', kindsAt: 24 });
    for (const text of [
      '{"version":"1.36","kinds":{}',
      '{"base":"1.36","version":"1","kinds":{}',
      '{"base":"1.3 6","kinds":{',
      '{"base":"1.36',
      '{ "kinds":{',
      '',
    ])
      expect(head(text), text).toEqual({ kindsAt: -1 });
  });

  it('gives every version the definitions of its file over its base, in that order, equal to parsing them whole', () => {
    const latest = whole(LATEST_KUBERNETES_VERSION);
    for (const version of KUBERNETES_VERSIONS) {
      const own = whole(version);
      const expected = own.base ? { ...whole(own.base).definitions, ...own.definitions } : own.definitions;
      const definitions = definitionsOf(version);
      expect(definitions.names(), version).toEqual(Object.keys(expected));
      for (const name of Object.keys(expected)) expect(schemasFor(version).definition(name), `${version} ${name}`).toEqual(expected[name]);
      // Read twice: the same object (messages name definitions by identity).
      const name = Object.keys(expected)[0];
      expect(schemasFor(version).definition(name)).toBe(schemasFor(version).definition(name));
      expect(schemasFor(version).kinds).toEqual(own.kinds);
      expect(schemasFor(version).version).toBe(version);
    }
    expect(Object.keys(latest.definitions).length).toBeGreaterThan(400);
    // A name that is no definition: none (asked twice, the same answer), and a reference to it is an error.
    expect(schemasFor(LATEST_KUBERNETES_VERSION).definition('v1.NoSuchThing')).toBeUndefined();
    expect(schemasFor(LATEST_KUBERNETES_VERSION).definition('v1.NoSuchThing')).toBeUndefined();
    expect(() => schemasFor(LATEST_KUBERNETES_VERSION).validate('v1.NoSuchThing', {})).toThrow(/unknown schema reference/);
    // Nor is a name that holds a line break or a quote, even one that spans two lines of the file.
    const lines = fs.readFileSync(path.join(SCHEMAS, `kubernetes-${LATEST_KUBERNETES_VERSION}.json`), 'utf8').split('\n');
    const spanning = `${lines[1].slice(1)}\n"${lines[2].slice(1, lines[2].indexOf('":'))}`;
    expect(schemasFor(LATEST_KUBERNETES_VERSION).definition(spanning)).toBeUndefined();
    expect(schemasFor(LATEST_KUBERNETES_VERSION).definition('v1.Pod"')).toBeUndefined();
  });
});

describe('Definitions', () => {
  const text = (names: string[]) => `{"kinds":{},"version":"9.9","definitions":{\n${names.map((n, i) => `"${n}":{"n":${i},"t":"é"}`).join(',\n')}\n}}\n`;
  // Sorted as gen-schemas.mjs sorts keys: a name before the longer names it starts; one outside ASCII among them.
  const names = [...Array.from({ length: 80 }, (_, i) => `v1.D${i}`), 'v1.E', 'v1.E.F', 'v1.EF', 'v1.E~', 'v1.Café'].sort();
  const value = (name: string) => ({ n: names.indexOf(name), t: 'é' });

  it('finds every definition by a binary search of the sorted lines, and a name outside ASCII by a search', () => {
    const definitions = new Definitions([Buffer.from(text(names))]);
    for (const name of [...names].reverse()) expect(definitions.get(name), name).toEqual(value(name));
    expect(definitions.names()).toEqual(names);
    // Names that are none: before the first line, after the last, between two lines, a line's name cut short or
    // continued, and the same outside ASCII.
    for (const name of ['', 'a', 'v1.A', 'v1.D', 'v1.D1.', 'v1.D10x', 'v1.E.', 'v1.Ca', 'v1.Cafe', 'v1.Caféx', 'z', '~~~~~~~~~~~~~~~~~~~~~~~~'])
      expect(definitions.get(name), name).toBeUndefined();
  });

  it('finds each line of files of every length, first to last', () => {
    for (let count = 0; count < 12; count++) {
      const some = Array.from({ length: count }, (_, i) => `v1.N${String.fromCharCode(65 + i).repeat(1 + ((i * 7) % 5))}`);
      const definitions = new Definitions([Buffer.from(text(some))]);
      for (const name of some) expect(definitions.get(name), `${count} ${name}`).toEqual({ n: some.indexOf(name), t: 'é' });
      for (const name of ['v1.M', 'v1.N', 'v1.NZ', 'v1.O', 'v1.NA!']) expect(definitions.get(name), `${count} ${name}`).toBeUndefined();
    }
  });

  it('takes a definition from the first file that has it', () => {
    const own = Buffer.from('{"version":"9.8","base":"9.9","definitions":{\n"v1.B":{"own":true}\n}}\n');
    const definitions = new Definitions([own, Buffer.from(text(['v1.A', 'v1.B']))]);
    expect(definitions.get('v1.B')).toEqual({ own: true });
    expect(definitions.get('v1.A')).toEqual({ n: 0, t: 'é' });
    expect(definitions.names()).toEqual(['v1.A', 'v1.B']);
  });

  it('reads a last line that ends the file without a line break, and a file without definitions', () => {
    expect(new Definitions([Buffer.from('{"definitions":{\n"v1.A":{"a":1}')]).get('v1.A')).toEqual({ a: 1 });
    expect(new Definitions([Buffer.from('{"definitions":{\n"v1.A":{"a":1},\n"v1.B":{"b":1}')]).get('v1.B')).toEqual({ b: 1 });
    expect(new Definitions([Buffer.from('{"definitions":{\n"v1.A":{"a":1},\n"v1.B":{"b":1}')]).get('v1.A')).toEqual({ a: 1 });
    for (const file of ['{"definitions":{\n\n}}\n', '{"definitions":{\n}}', '{"definitions":{}}', ''])
      expect(new Definitions([Buffer.from(file)]).get('v1.A'), file).toBeUndefined();
  });

  it('finds no name whose line lacks the colon after it', () => {
    expect(new Definitions([Buffer.from('{"definitions":{\n"v1.A" :{"a":1}\n}}\n')]).get('v1.A')).toBeUndefined();
  });
});

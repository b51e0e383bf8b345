/**
 * The skim (src/resources/skim.ts, blockSkim in src/parse/block-reader.ts) must give exactly the index entries the
 * whole reading gives (entriesOf on parseText's values), or give up (undefined) and leave the file to it: on every file
 * of the shared corpus (with the default kinds kept whole, with a config's podTemplates, and with only the engine's
 * own), on hand-written cases for each reason to give up and each tricky skip, and on fuzzed text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { indexEntries, makeEngine, skimmedEntries, type Engine } from '../src/engine/engine.js';
import { ParsedStore, readEntries, indexReaders } from '../src/engine/files.js';
import { decode, parseText } from '../src/parse/index.js';
import { blockParse, blockSkim, WARM_UP } from '../src/parse/block-reader.js';
import { encode } from '../src/engine/index-cache.js';
import { entriesJson } from '../src/resources/index.js';
import { sharedDir } from './shared-dir.js';

const ENGINES: Record<string, Engine> = {
  default: makeEngine({ cwd: os.tmpdir() }),
  podTemplates: makeEngine({
    cwd: os.tmpdir(),
    config: {
      podTemplates: [
        { kind: 'LeaderWorkerSet', apiVersion: 'leaderworkerset.x-k8s.io/v1', path: 'spec.leaderWorkerTemplate.workerTemplate' },
        { kind: 'RayService', apiVersion: 'ray.io/v1', path: 'spec.rayClusterConfig.headGroupSpec.template' },
        // A path through a list, and one to a pod spec (told by its `containers`).
        { kind: 'RayCluster', apiVersion: 'ray.io/*', path: 'spec.workerGroupSpecs.0.template' },
        { kind: 'JobSet', apiVersion: 'jobset.x-k8s.io/v1alpha2', path: 'spec.replicatedJobs.0.template.spec.template' },
        { kind: 'Widget', apiVersion: 'example.com/v1', path: 'spec.pod' },
        { kind: 'Service', apiVersion: 'core.example.com/v1', path: 'metadata' },
        { kind: 'Pod', apiVersion: 'example.com/v1', path: 'spec' },
      ],
    },
  }),
  engineOnly: makeEngine({ cwd: os.tmpdir(), checks: [] }),
};

/** The whole reading's entries (as the index pass made them before the skim). */
function full(engine: Engine, text: string, filePath = '/r/f.yaml') {
  return indexEntries(engine, parseText(text, filePath, 0, { trees: false }));
}

function skim(engine: Engine, text: string, filePath = '/r/f.yaml') {
  return skimmedEntries(engine, text, filePath, 0);
}

/** The skim's entries equal the whole reading's; returns whether it read the text (false: it gave up). */
function agrees(engine: Engine, text: string, filePath = '/r/f.yaml'): boolean {
  const skimmed = skim(engine, text, filePath);
  if (skimmed === undefined) return false;
  // Strict: a key holding undefined is not a missing key (the JSON copy of entries drops such keys, structuredClone keeps them).
  expect(skimmed, text).toStrictEqual(full(engine, text, filePath));
  return true;
}

const D = 'apiVersion: apps/v1\nkind: Deployment\n';

/** Texts the skim reads; each gives the whole reading's entries with every engine. */
const READ: Array<[string, string]> = [
  [
    'a Deployment',
    `${D}metadata:\n  name: web\n  namespace: prod\n  annotations:\n    a: b\n  labels:\n    app: web\nspec:\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        app: web\n      annotations:\n        x: y\n    spec:\n      containers:\n      - name: c\n        image: nginx\n`,
  ],
  [
    'keys before apiVersion and kind are built whole',
    'metadata:\n  name: x\n  uid: 1\nspec:\n  template:\n    metadata:\n      labels: {a: b}\napiVersion: apps/v1\nkind: Deployment\n',
  ],
  ['kind between other keys', 'apiVersion: v1\nmetadata:\n  name: x\n  other: 1\nkind: ConfigMap\ndata:\n  a: b\n'],
  [
    'a CronJob: its pod template two levels down',
    'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    metadata:\n      labels: {job: j}\n    spec:\n      template:\n        metadata:\n          labels:\n            pod: p\n        spec:\n          containers: []\n',
  ],
  ['a template without labels', `${D}metadata:\n  name: w\nspec:\n  template:\n    metadata:\n      annotations: {a: b}\n    spec: {}\n`],
  ['a template metadata that is not a map', `${D}metadata:\n  name: w\nspec:\n  template:\n    metadata: x\n`],
  ['metadata that is not a map', 'apiVersion: v1\nkind: Service\nmetadata: name\nspec:\n  ports: []\n'],
  ['metadata that is a list', 'apiVersion: v1\nkind: Service\nmetadata:\n- name\n'],
  ['metadata in flow style', 'apiVersion: v1\nkind: Service\nmetadata: {name: s, labels: {a: b}, uid: 3}\n'],
  ['spec that is a list', `${D}metadata:\n  name: w\nspec:\n- template:\n    metadata:\n      labels: {a: b}\n`],
  ['empty values', `${D}metadata:\nspec:\n  template:\n`],
  // Block scalars: lines that look like keys, markers and comments inside them.
  [
    'block scalars with key-like lines',
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ndata:\n  script: |\n    kind: Namespace\n    metadata:\n      name: fake\n    ---\n    # not a comment\n  folded: >-\n    a: b\n\n    c\n`,
  ],
  [
    'a block scalar in metadata',
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    note: |\n      labels:\n        x: y\n  labels:\n    a: "1"\n',
  ],
  [
    'comments at odd indents',
    `${D}metadata:\n # odd\n  name: w   # name\n      # deeper\n  labels:\n# at the start\n    app: w\nspec:\n   # three\n  template:\n    metadata:\n  # less indented\n      labels:\n        a: b\n`,
  ],
  ['quoted keys', `apiVersion: v1\nkind: Service\n"metadata":\n  'name': s\n  "labels":\n    "a b": 'c'\n"spec": {}\n`],
  [
    'several documents, empty ones, a list document',
    '---\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels: {a: b}\n---\n- a\n- b\n---\n# only a comment\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n...\n',
  ],
  ['documents that are not objects', 'a: 1\n---\nkind: Service\n---\napiVersion: v1\n'],
  [
    'a List kind with items',
    'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: a\n  spec:\n    ports: []\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: d}\n  spec:\n    template:\n      metadata:\n        labels: {x: y}\n',
  ],
  ['a ServiceList', 'apiVersion: v1\nkind: ServiceList\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n'],
  [
    'kinds kept whole',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  annotations: {a: b}\n',
  ],
  [
    'a CRD with versions and schemas',
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ws.example.com\nspec:\n  group: example.com\n  names:\n    kind: W\n    plural: ws\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        description: |\n          kind: Fake\n        properties:\n          spec:\n            type: object\n  - name: v2\n    served: false\n    schema:\n      other: 1\n  - name: v3\n  - plain\n',
  ],
  [
    'a CRD without schemas',
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ws.example.com\nspec:\n  group: example.com\n  names: {kind: W}\n  versions:\n  - name: v1\n    served: true\n',
  ],
  [
    'a v1beta1 CRD with validation',
    'apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata:\n  name: ws.example.com\nspec:\n  group: example.com\n  version: v1\n  names: {kind: W}\n  validation:\n    openAPIV3Schema:\n      type: object\n  versions:\n  - name: v1\n  - name: v2\n    schema: {openAPIV3Schema: {type: object}}\n',
  ],
  [
    'a CRD whose validation is odd',
    'apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata:\n  name: a\nspec:\n  version: v1\n  validation:\n    openAPIV3Schema:\n    - a\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema: x\n---\napiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata:\n  name: b\nspec:\n  validation: x\n  versions: {}\n',
  ],
  [
    'configured pod templates (podTemplates engine)',
    'apiVersion: ray.io/v1\nkind: RayService\nmetadata:\n  name: r\nspec:\n  rayClusterConfig:\n    headGroupSpec:\n      template:\n        metadata:\n          labels: {ray: head}\n        spec:\n          containers: []\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  pod:\n    containers: []\n    metadata:\n      labels: {a: b}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w2}\nspec:\n  pod:\n    metadata:\n      labels: {a: b}\n---\napiVersion: ray.io/v1\nkind: RayCluster\nmetadata: {name: c}\nspec:\n  workerGroupSpecs:\n  - template:\n      metadata:\n        labels: {w: "0"}\n---\napiVersion: core.example.com/v1\nkind: Service\nmetadata:\n  name: s\n  metadata:\n    labels: {a: b}\n---\napiVersion: example.com/v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {a: b}\nspec:\n  containers: []\n',
  ],
  // Anchors and aliases: the anchored node is built whole wherever it is, and each gives what the read asks there.
  ['an anchor and an alias where it skips', `${D}metadata:\n  name: w\nspec:\n  a: &x 1\n  b: *x\n`],
  [
    'labels repeated by aliases',
    `${D}metadata:\n  name: w\n  labels: &labels\n    app: w\n    tier: web\nspec:\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels: *labels\n      annotations: &ann\n        a: b\n    spec:\n      containers: &cs\n      - name: c\n        image: i\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels: &labels\n    app: s\nspec:\n  selector: *labels\n`,
  ],
  [
    'metadata, kind and a pod template given by aliases, anchored where the read skips',
    `apiVersion: apps/v1\nkind: Deployment\nspec:\n  skipped: &meta\n    name: from-alias\n    uid: 7\n    labels: {a: b}\n  tpl: &tpl\n    metadata:\n      labels: {x: y}\n      annotations: {note: other}\n    spec:\n      containers: []\n  template: *tpl\nmetadata: *meta\n---\nx: &k Service\napiVersion: v1\nkind: *k\nmetadata:\n  name: s\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  jobTemplate: &jt\n    spec:\n      template: &t\n        metadata:\n          labels: {p: q}\n        spec:\n          containers:\n          - name: c\n  other: *jt\n  more:\n  - *t\n`,
  ],
  [
    'a CRD whose schemas are aliases',
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ws.example.com\nspec:\n  group: example.com\n  names:\n    kind: W\n  versions:\n  - name: v1\n    served: true\n    schema: &schema\n      openAPIV3Schema:\n        type: object\n  - name: v2\n    schema: *schema\n  - name: v3\n  - name: v4\n    schema:\n      openAPIV3Schema: *schema\n',
  ],
  [
    'a List whose items are aliases',
    'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: &m\n    name: a\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: *m\n',
  ],
  ['a byte order mark', '\uFEFFapiVersion: v1\nkind: Service\nmetadata:\n  name: s\n'],
  ['kustomization without a kind', 'resources:\n- a.yaml\nnamespace: n\n'],
  ['multi-line plain and quoted scalars where they are skipped', `${D}metadata:\n  name: w\nspec:\n  a: one\n    two\n  b: "x\n    y"\n  c: 'p\n\n    q'\n`],
  // Flow collections over several lines, below their key: built whole where a collection is asked for, skipped else.
  [
    'flow collections over several lines',
    `${D}metadata: {name: w,\n  labels: {a: b,\n    c: d, },\n  uid: 1}\nspec:\n  a: [1,\n    2]\n  template:\n    metadata:\n      labels:\n        {x: y,\n         z: "w"}\n      annotations:\n        {}\n    spec:\n      containers: [\n        {name: c,\n         image: i},\n      ]\n`,
  ],
  [
    'a CRD whose schemas are flow collections over several lines',
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ws.example.com\nspec:\n  group: example.com\n  names: {kind: W,\n    plural: ws}\n  versions:\n  - name: v1\n    schema:\n      {openAPIV3Schema: {type: object,\n        properties: {}}}\n  - name: v2\n    schema:\n      openAPIV3Schema:\n        [a,\n         b]\n',
  ],
  ['a key that looks like a merge key inside a value', `${D}metadata:\n  name: "<<"\nspec:\n  x: a <<\n`],
  [
    // The keys of skipped maps are kept per level of nesting, in a list and then a set reused by the next map there.
    'sibling skipped maps at one level that share keys',
    `${D}metadata:\n  name: w\nspec:\n  a:\n    p: 1\n    q: 2\n  b:\n    q: 3\n    p: 4\n  c:\n${Array.from({ length: 20 }, (_, i) => `    k${i}: v\n`).join('')}  d:\n    k3: again\n    k19: again\n  e:\n    k1: 1\n    p: 2\n  f:\n${Array.from({ length: 20 }, (_, i) => `    k${19 - i}: v\n`).join('')}`,
  ],
  // CRLF line ends (read without the carriage returns), JSON documents, spaces before a colon, keep chomping, blank
  // lines before a block scalar's text: the shapes js-yaml alone read in ../shared/corpus/real before.
  [
    'CRLF line ends',
    `${D}metadata:\r\n  name: w\r\n  labels:\r\n    app: w\r\nspec:\r\n  template:\r\n    metadata:\r\n      labels: {app: w}\r\n    spec:\r\n      containers:\r\n      - name: c\r\n        args: |\r\n          x\r\n`,
  ],
  ['mixed line ends', `apiVersion: v1\r\nkind: Service\nmetadata:\r\n  name: s\n  labels: {a: b}\r\n`],
  [
    'a JSON document',
    '{\n  "apiVersion": "apps/v1",\n  "kind": "Deployment",\n  "metadata": {\n    "name": "w",\n    "labels": {"app": "w"}\n  },\n  "spec": {\n    "replicas": -1,\n    "template": {\n\t"metadata": {"labels": {"app":"w"}},\n\t"spec": {"containers": []}\n    }\n  }\n}\n',
  ],
  ['JSON documents with CRLF line ends', '{\r\n  "apiVersion": "v1",\r\n  "kind": "Service",\r\n  "metadata": {"name": "s"}\r\n}\r\n---\r\n[1, 2]\r\n'],
  ['spaces before a colon', `${D}metadata :\n  name : w\n  labels:\n    nvidia.com/gpu : "1"\nspec:\n  a : b\n`],
  ['keep chomping', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    a: |+\n      x\n\n    b: 1\ndata:\n  a: |+\n    x\n\n'],
  [
    "blank lines before a block scalar's text",
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    a: |\n      \n      x\ndata:\n  b: |\n    \n    y\n',
  ],
  [
    'long maps that are skipped',
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ndata:\n${Array.from({ length: 40 }, (_, i) => `  k${i}: v${i}\n`).join('')}`,
  ],
];

/**
 * Texts the js-yaml path refuses, so the whole reading is the `yaml` package's, that the skim reads as it does
 * (blockSkim's lenient read): duplicate keys (the document is broken: no object), empty sequence item lines inside
 * block scalars (text), and sequence items of only a comment whose node is on the lines below.
 */
const YAML_ONLY: Array<[string, string]> = [
  ['a duplicate key where it skips', `${D}metadata:\n  name: w\nspec:\n  a: 1\n  a: 2\n`],
  ['a duplicate key in skipped metadata', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  uid: 1\n  uid: 2\n'],
  ['a duplicate top-level key', 'apiVersion: v1\nkind: Service\nspec: {}\nspec: {}\n'],
  ['an empty sequence item in a skipped block scalar', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |\n    x\n    -\n'],
  [
    'a duplicate key in a long skipped map',
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ndata:\n${Array.from({ length: 40 }, (_, i) => `  k${i}: v\n`).join('')}  k3: again\n`,
  ],
  [
    'a duplicate key in a skipped map after a long one at its level',
    `${D}metadata:\n  name: w\nspec:\n  c:\n${Array.from({ length: 20 }, (_, i) => `    k${i}: v\n`).join('')}  d:\n    q: 1\n    q: 2\n`,
  ],
  [
    'a duplicate key in a long skipped map after another long one at its level',
    `${D}metadata:\n  name: w\nspec:\n  c:\n${Array.from({ length: 20 }, (_, i) => `    k${i}: v\n`).join('')}  d:\n${Array.from({ length: 20 }, (_, i) => `    j${i}: v\n`).join('')}    j17: again\n`,
  ],
  [
    'a duplicate key in one document of three',
    `${D}metadata:\n  name: a\n---\n${D}metadata:\n  name: b\nspec:\n  r: 1\n  r: 2\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: c\n`,
  ],
  [
    'a duplicate key kept whole',
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels:\n    a: b\n    a: c\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: m\n',
  ],
  ['a duplicate key quoted once', `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  "uid": 1\n  uid: 2\n`],
  [
    'a duplicate key in a List item',
    'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: b\n    name: c\n',
  ],
  ['a duplicate key in an anchored map and its alias', `${D}metadata:\n  name: w\nspec:\n  a: &x\n    k: 1\n    k: 2\n  b: *x\n`],
  [
    'a duplicate key in a CRD schema',
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ws.example.com\nspec:\n  group: example.com\n  names: {kind: W, plural: ws}\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n        properties:\n          a: {type: string}\n          a: {type: integer}\n',
  ],
  [
    'empty sequence item lines in block scalars',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ndata:\n  a: |\n    x\n    -\n      - # c\n    - -\n  b: >-\n    y\n    -\n\n    - #\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  annotations:\n    x: |\n      -\n      z\n',
  ],
  [
    'sequence items of only a comment, their node below',
    `${D}metadata:\n  name: w\n  labels:\n    app: w\nspec:\n  template:\n    metadata:\n      labels:\n        app: w\n    spec:\n      containers:\n      - # the server\n        name: c\n        ports:\n        -   # a port\n\n          # more\n          containerPort: 80\n        - name: p\n      - #\n        - nested\n        - list\n`,
  ],
  [
    'a sequence item of only a comment, kept whole',
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\nspec:\n  finalizers:\n  - # c\n    a: 1\n  -    # d\n      b: 2\n',
  ],
  ['a sequence item of only a comment in a flush sequence', `${D}metadata:\n  name: w\nspec:\n  items:\n  - # c\n   a: 1\n  - b: 2\n`],
];

/** Texts the skim gives up on (left to the whole reading), and why. */
const GIVEN_UP: Array<[string, string]> = [
  ['an alias before its anchor where it skips', `${D}metadata:\n  name: w\nspec:\n  b: *x\n  a: &x 1\n`],
  ['an anchor before a block scalar where it skips', `${D}metadata:\n  name: w\nspec:\n  a: &x |\n    text\n`],
  ['an alias cycle where it skips', `${D}metadata:\n  name: w\nspec:\n  a: &x\n    b: *x\n`],
  [
    'an alias bomb where it skips',
    `${D}metadata:\n  name: w\nspec:\n${Array.from({ length: 6 }, (_, i) => `  l${i}: &l${i}\n${`  - ${i ? `*l${i - 1}` : 'x'}\n`.repeat(10)}`).join('')}`,
  ],
  ['a tag where it skips', `${D}metadata:\n  name: w\nspec:\n  a: !!str 1\n`],
  ['a merge key where it skips', `${D}metadata:\n  name: w\nspec:\n  base: {x: 1}\n  c:\n    <<: {x: 1}\n`],
  ['a merge key as a skipped value', `${D}metadata:\n  name: w\nspec:\n  c: <<\n`],
  ['a quoted __proto__ key where it skips', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  "__proto__": {a: 1}\n'],
  ['a flow collection over several lines that js-yaml reads otherwise', `${D}metadata:\n  name: w\nspec:\n  a: [1\n    2]\n`],
  ['an empty entry in a flow collection where it skips', `${D}metadata:\n  name: w\nspec:\n  a: [1,\n    , 2]\n`],
  ['a tab', `${D}metadata:\n  name: w\nspec:\n  a:\tb\n`],
  ['a carriage return alone', `${D}metadata:\r  name: w\n`],
  ['CRLF line ends and a tab', `${D}metadata:\r\n  name:\tw\r\n`],
  ['a document that is a flow collection with a marker inside', '{"apiVersion": "v1",\n---\n"kind": "Service"}\n'],
  ['a template action', `${D}metadata:\n  name: {{ .Values.name }}\n`],
  ['a document that is a scalar', 'apiVersion: v1\nkind: Service\n---\njust text\n'],
  ['an error where it skips', `${D}metadata:\n  name: w\nspec:\n  a: 1\n   b: 2\n`],
  ['a value after a value', `${D}metadata:\n  name: w\nspec:\n  a: b: c\n`],
  ['a block scalar of blanks with an indicator', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |2\n   \n'],
  ['keep chomping of an empty block scalar', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |+\n\n  b: 1\n'],
  ['a key that is a number before spaces and a colon where it skips', `${D}metadata:\n  name: w\nspec:\n  1 : x\n`],
  ['a sequence item of only a comment and nothing below it', `${D}metadata:\n  name: w\nspec:\n  a:\n  - # c\n  - x\n`],
  ['a sequence item of only a comment at the end of the text', `${D}metadata:\n  name: w\nspec:\n  a:\n  - # c\n`],
  ['a sequence item of only a comment, a scalar below it', `${D}metadata:\n  name: w\nspec:\n  a:\n  - # c\n    text\n`],
  ['a sequence item of only a comment, a flow collection below it', `${D}metadata:\n  name: w\nspec:\n  a:\n  - # c\n    [x]\n`],
  ['a sequence item of only a comment, a document marker below it', `${D}metadata:\n  name: w\nspec:\n  a:\n  - # c\n---\na: 1\n`],
  ['an empty sequence item line in a plain scalar of two lines', `${D}metadata:\n  name: w\nspec:\n  a: one\n    -\n`],
  ['a duplicate key in a flow map', `${D}metadata:\n  name: w\nspec:\n  a: {k: 1, k: 2}\n`],
  ['a duplicate key and a tab later in its document', `${D}metadata:\n  name: w\nspec:\n  a: 1\n  a: 2\n  b:\tc\n`],
  ['a duplicate key and an error in another document', `${D}metadata:\n  name: w\n  name: v\n---\n${D}spec:\n  a: 1\n   b: 2\n`],
  ['an unclosed quote where it skips', `${D}metadata:\n  name: w\nspec:\n  a: "open\n`],
  ['a key that is not a string where it skips', `${D}metadata:\n  name: w\nspec:\n  1: x\n`],
  ['a file of comments only', '# nothing\n'],
];

describe('the skim on hand-written cases', () => {
  for (const [name, text] of READ) {
    it(`reads ${name}, with the same entries`, () => {
      for (const engine of Object.values(ENGINES)) expect(agrees(engine, text), name).toBe(true);
    });
  }
  for (const [name, text] of YAML_ONLY) {
    it(`reads ${name} as the yaml package does (the other fast paths refuse it)`, () => {
      expect(blockParse(text, false), name).toBeUndefined();
      expect(parseText(text, '/r/f.yaml').holds, name).toBe('full');
      for (const engine of Object.values(ENGINES)) expect(agrees(engine, text), name).toBe(true);
    });
  }
  for (const [name, text] of GIVEN_UP) {
    it(`gives up on ${name}`, () => {
      for (const engine of Object.values(ENGINES)) expect(skim(engine, text), name).toBeUndefined();
    });
  }

  it('builds only what the index keeps: a skipped subtree is not in the entries, the kept fields are', () => {
    const text = `${D}metadata:\n  name: w\n  uid: u\n  labels: {app: w}\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels: {app: w}\n      annotations: {a: b}\n`;
    expect(skim(ENGINES.default, text)!.objects[0].object).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'w', labels: { app: 'w' } },
      spec: { template: { metadata: { labels: { app: 'w' } } } },
    });
  });

  it('reads a kustomization file without a kind whole, as the index keeps it', () => {
    const text = 'resources:\n- a.yaml\nnamespace: prod\npatches:\n- path: p.yaml\n';
    for (const engine of Object.values(ENGINES)) expect(agrees(engine, text, '/r/kustomization.yaml')).toBe(true);
    expect(skim(ENGINES.default, text, '/r/kustomization.yaml')!.objects[0].object).toEqual({
      resources: ['a.yaml'],
      namespace: 'prod',
      patches: [{ path: 'p.yaml' }],
    });
  });

  it('copies the entries through their JSON text, which the index cache writes as it is', () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels: {team: a-long-team-name-sliced-from-the-text}\nspec:\n  x: [1, 2.5, null, true]\n`;
    const parsed = parseText(text, '/r/f.yaml', 0, { trees: false });
    const entries = indexEntries(ENGINES.default, parsed);
    const json = entriesJson(entries);
    expect(json).toBe(encode(entries.objects)!.toString('utf8'));
    expect(entries).toEqual(full(ENGINES.default, text));
    // A copy: nothing of it is the parsed value's.
    const value = parsed.documents[0].value as { metadata: { labels: Record<string, string> } };
    value.metadata.labels.team = 'changed';
    expect((entries.objects[0].object.metadata as { labels: Record<string, string> }).labels.team).toBe('a-long-team-name-sliced-from-the-text');
    expect(entriesJson(skim(ENGINES.default, text)!)).toBe(json);
  });

  it('copies entries JSON does not carry exactly, or whose objects are reached twice, by structuredClone', () => {
    const text0 = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\nspec:\n  a: -0\n  b: .inf\n  c: [1, .nan]\n';
    for (const inexact of [indexEntries(ENGINES.default, parseText(text0, '/r/f.yaml')), skim(ENGINES.default, text0)!]) {
      expect(entriesJson(inexact)).toBeUndefined();
      const spec = inexact.objects[0].object.spec as { a: number; b: number; c: number[] };
      expect(Object.is(spec.a, -0)).toBe(true);
      expect(spec.b).toBe(Infinity);
      expect(spec.c[1]).toBeNaN();
    }
    // In a flow collection too (the skim reads its scalars apart).
    const flow = skim(ENGINES.default, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\nspec: {a: [.inf]}\n')!;
    expect(entriesJson(flow)).toBeUndefined();
    expect((flow.objects[0].object.spec as { a: number[] }).a[0]).toBe(Infinity);
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels: &l {a: b}\nspec:\n  same: *l\n';
    for (const entries of [indexEntries(ENGINES.default, parseText(text, '/r/f.yaml')), skim(ENGINES.default, text)!]) {
      expect(entriesJson(entries)).toBeUndefined();
      const object = entries.objects[0].object as { metadata: { labels: object }; spec: { same: object } };
      expect(object.spec.same).toBe(object.metadata.labels);
    }
  });

  it('writes long entries as the index cache would, and none too long for it', () => {
    // Past MAX_WRITTEN / 24 characters the walk decides (exactJson); past MAX_WRITTEN nothing is kept (encode: undefined).
    for (const length of [200_000, 4_200_000]) {
      const text = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\nspec:\n  a: ${'x'.repeat(length)}\n`;
      const entries = skim(ENGINES.default, text)!;
      expect(entriesJson(entries)).toBe(encode(entries.objects)?.toString('utf8'));
      expect(entriesJson(entries) === undefined).toBe(length > 4 * 1024 * 1024);
      expect(entries).toEqual(full(ENGINES.default, text));
    }
  });

  it('records the schemas a CRD had, without them', () => {
    const text = READ.find(([name]) => name === 'a CRD with versions and schemas')![1];
    const entry = skim(ENGINES.default, text)!.objects[0];
    expect(entry.trimmed).toEqual({ versions: ['v1'], legacy: false });
    expect(JSON.stringify(entry.object)).not.toContain('openAPIV3Schema');
  });

  it('a file with a YAML error gets the same entries from readEntries as before the skim (the whole reading)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-skim-'));
    try {
      for (const [name, text] of [...GIVEN_UP, ...READ]) {
        const file = path.join(dir, 'f.yaml');
        fs.writeFileSync(file, text);
        const { entries, skim: skimmer } = indexReaders(ENGINES.default);
        expect(readEntries(file, undefined, entries, skimmer), name).toEqual(full(ENGINES.default, text, file));
        // The store, for a linted file it does not keep (no room), skims it too; one it keeps is parsed with trees.
        for (const budget of [0, 1 << 20]) {
          const store = new ParsedStore(entries, budget, skimmer);
          expect(store.index(file), name).toEqual(full(ENGINES.default, text, file));
          expect(store.take(file).holds, name).not.toBe('values');
        }
      }
      // A file that cannot be read, and one that is not UTF-8: their failed files' entries (none).
      const { entries, skim: skimmer } = indexReaders(ENGINES.default);
      expect(readEntries(path.join(dir, 'missing.yaml'), undefined, entries, skimmer)).toEqual({ filePath: path.join(dir, 'missing.yaml'), objects: [] });
      fs.writeFileSync(path.join(dir, 'bad.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]));
      expect(readEntries(path.join(dir, 'bad.yaml'), undefined, entries, skimmer)).toEqual({ filePath: path.join(dir, 'bad.yaml'), objects: [] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the whole of the text it warms up on (every shape it reads, before the first skim)', () => {
    const values = blockSkim(WARM_UP, 'whole');
    expect(values).toHaveLength(4);
    expect(values![2]).toBeNull();
    expect(JSON.stringify(values![0])).toContain('"again":1');
    expect(values![3]).toEqual({ kind: 'Json', n: [-1] });
  });

  it('gives up wherever the block reader gives up', () => {
    for (const [, text] of GIVEN_UP) if (blockParse(text, false) === undefined) expect(skim(ENGINES.default, text)).toBeUndefined();
  });
});

/** Manifests built from pieces, with the constructs the skim must skip or give up on, anywhere in them. */
const KINDS = [
  'apiVersion: apps/v1\nkind: Deployment\n',
  'apiVersion: batch/v1\nkind: CronJob\n',
  'apiVersion: v1\nkind: Pod\n',
  'apiVersion: v1\nkind: Namespace\n',
  'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n',
  'apiVersion: v1\nkind: List\n',
  'apiVersion: example.com/v1\nkind: Widget\n',
  'apiVersion: ray.io/v1\nkind: RayCluster\n',
  'kind: Service\n',
  '',
];
const VALUES = [
  'v',
  '"q"',
  "'s'",
  '1',
  '{}',
  '[]',
  '{a: b}',
  '[a, b]',
  '|\n  kind: X\n  ---\n',
  '>-\n  a: b\n',
  'x # c',
  '',
  'two\n  lines',
  // Flow collections over several lines, and below their key.
  '[a,\n  b, ]',
  '{name: n, # c\n  labels: {a: b,\n    c: [d,\n      e]},\n}',
  '[\n  {x: y},\n]',
  '\n  {a: b,\n   c: d}',
  '\n  [x]',
  // Empty sequence item lines inside block scalars (the js-yaml path refuses the text; the skim reads them as text).
  '|\n  x\n  -\n   - # c\n',
  '>-\n  -\n\n  y\n',
];
/** Values the skim gives up on (or the whole reading refuses), put in now and then. */
const BAD_VALUES = ['!t v', '<<', 'a: b', '"open', '&a |\n  x', '[*a]'];
/** Anchored values and aliases (an alias may come before its anchor, or name none: given up). */
const ALIAS_VALUES = ['&a v', '&b 1', '&a [x, y]', '&b {k: v}', '*a', '*b', '*a # c'];
const KEYS = [
  'name',
  'labels',
  'namespace',
  'template',
  'metadata',
  'spec',
  'jobTemplate',
  'containers',
  'schema',
  'openAPIV3Schema',
  'validation',
  'versions',
  'items',
  'a',
  '"q"',
  'kind',
];
/** A block node, `indent` spaces in: a map or a sequence of nodes and scalars, in at most `depth` levels. */
const node = (indent: number, depth: number): fc.Arbitrary<string> => {
  const pad = ' '.repeat(indent);
  const scalar = fc
    .oneof(
      { arbitrary: fc.constantFrom(...VALUES), weight: 30 },
      { arbitrary: fc.constantFrom(...ALIAS_VALUES), weight: 6 },
      { arbitrary: fc.constantFrom(...BAD_VALUES), weight: 1 },
    )
    .map((v) => ' ' + v.replaceAll('\n', '\n' + pad + '  ') + '\n');
  const child =
    depth === 0
      ? scalar
      : fc.oneof(
          { arbitrary: scalar, weight: 2 },
          {
            arbitrary: fc
              .constant(null)
              .chain(() => fc.tuple(fc.constantFrom('', '', '', ' &a', ' &b'), node(indent + 2, depth - 1)))
              .map(([anchor, s]) => `${anchor}\n${s}`),
            weight: 1,
          },
        );
  const pair = fc
    .tuple(
      fc.oneof({ arbitrary: fc.constantFrom(...KEYS), weight: 30 }, { arbitrary: fc.constant('<<'), weight: 1 }),
      child,
      fc.constantFrom('', '', '', `${pad}# c\n`, `${pad.slice(1)}# odd\n`),
    )
    .map(([k, v, c]) => `${pad}${k}:${v}${c}`);
  const map = fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => pairs.join(''));
  const item = fc.oneof(
    { arbitrary: scalar.map((s) => `${pad}-${s}`), weight: 4 },
    { arbitrary: depth === 0 ? scalar.map((s) => `${pad}-${s}`) : node(indent + 2, depth - 1).map((s) => `${pad}- ${s.slice(indent + 2)}`), weight: 4 },
    // An item of only a comment, its node below (deeper, or not: an empty item), or nothing.
    {
      arbitrary:
        depth === 0
          ? fc.constant(`${pad}- # c\n`)
          : fc
              .tuple(fc.constantFrom(1, 2, 3, 0), fc.constantFrom('', `${pad}  # more\n`))
              .chain(([deeper, c]) => node(indent + deeper, depth - 1).map((s) => `${pad}- # c\n${c}${s}`)),
      weight: 1,
    },
  );
  const seq = fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => items.join(''));
  return fc.oneof({ arbitrary: map, weight: 3 }, { arbitrary: seq, weight: 1 });
};
const manifest = fc
  .array(fc.tuple(fc.constantFrom(...KINDS), node(0, 4), fc.boolean()), { minLength: 1, maxLength: 3 })
  .map((docs) => docs.map(([head, body, first]) => (first ? head + body : body + head)).join('---\n'));

/**
 * CustomResourceDefinitions whose schemas (the subtrees the skim skips, most of a repository's bytes) are built from
 * the same pieces: errors, aliases, comments at odd columns, duplicate keys, block scalars and empty items anywhere in
 * them, where the skim must give up, or read, exactly as the whole reading does.
 */
const crdLike = fc
  .tuple(node(8, 3), node(8, 3), fc.option(node(6, 3), { nil: undefined }), fc.constantFrom('', '      # c\n', '    # odd\n'))
  .map(
    ([a, b, legacy, comment]) =>
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ws.example.com\nspec:\n  group: example.com\n' +
      '  names: {kind: W, plural: ws}\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n' +
      a +
      comment +
      '  - name: v2\n    served: true\n    schema:\n' +
      comment +
      '      openAPIV3Schema:\n' +
      b +
      (legacy === undefined ? '' : `  version: v1\n  validation:\n    openAPIV3Schema:\n${legacy.replaceAll(/^ {6}/gm, '      ')}`),
  );

/** Objects of many shapes written by the yaml package, under a kind's apiVersion and kind. */
const LEAF = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('a b c d e f g h', 'x: y', '- z', '#'));
const shape = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, LEAF, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom(...KEYS.filter((k) => !k.includes('"'))), tie('node'), { maxKeys: 4 }),
})).node;
const written = fc
  .record({
    head: fc.constantFrom(...KINDS),
    value: fc.dictionary(fc.constantFrom('metadata', 'spec', 'data', 'items', 'template'), shape, { minKeys: 1, maxKeys: 4 }),
    lineWidth: fc.constantFrom(0, 20, 80),
  })
  .map(({ head, value, lineWidth }) => head + stringify(value, { lineWidth, minContentWidth: 0, aliasDuplicateObjects: false }));

/**
 * Manifests whose parts repeat (labels as a selector and as a pod template's labels, metadata, parts of a CRD's
 * versions), written by the yaml package with anchors and aliases.
 */
const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;
const aliasedWritten = fc
  .record({
    head: fc.constantFrom(...KINDS),
    shared: fc.array(shape.filter(isObject), { minLength: 1, maxLength: 3 }),
    uses: fc.array(
      fc.tuple(fc.constantFrom('metadata', 'spec', 'data', 'template', 'versions'), fc.constantFrom(...KEYS.filter((k) => !k.includes('"'))), fc.nat()),
      { minLength: 1, maxLength: 6 },
    ),
    lineWidth: fc.constantFrom(0, 80),
  })
  .map(({ head, shared, uses, lineWidth }) => {
    const value: Record<string, Record<string, unknown>> = { metadata: { name: 'n' }, spec: {}, data: {} };
    for (const [at, key, which] of uses) {
      const part = shared[which % shared.length];
      if (at === 'template') value.spec.template = { metadata: { [key]: part }, spec: { containers: [] } };
      else if (at === 'versions')
        value.spec.versions = [
          { name: 'v1', [key]: part },
          { name: 'v2', schema: part },
        ];
      else value[at][key] = part;
    }
    return head + stringify(value, { lineWidth, minContentWidth: 0 });
  });

const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 100;

describe(`fuzz the skim against the whole reading (${RUNS * 5} runs per property)`, () => {
  const property = (inputs: fc.Arbitrary<string>, least: number) => {
    let read = 0;
    fc.assert(
      fc.property(inputs, fc.constantFrom(...Object.keys(ENGINES)), (text, engine) => {
        if (agrees(ENGINES[engine], text)) read++;
      }),
      { numRuns: RUNS * 5 },
    );
    if (process.env.SKIM_READS) console.log(`read ${read} of ${RUNS * 5}`);
    expect(read).toBeGreaterThanOrEqual(Math.ceil(RUNS * 5 * least));
  };
  it('manifests built from pieces', () => property(manifest, 0.05), 120_000);
  it('manifests with CRLF line ends, and written as JSON', () => {
    const crlfOrJson = fc.oneof(
      fc.oneof(manifest, written, crdLike).map((text) => text.replaceAll('\n', '\r\n')),
      written.map((text) => JSON.stringify(parse(text), null, 2)).filter((text) => text !== undefined && text.startsWith('{')),
    );
    property(crlfOrJson, 0.2);
  }, 120_000);
  it('reads the texts the block reader reads, building whole what it reads, and of the others only some the yaml package reads', () => {
    fc.assert(
      fc.property(manifest, (text) => {
        const skimmed = blockSkim(text, 'whole');
        const parsed = blockParse(text, false);
        if (parsed) expect(skimmed).toEqual(parsed.map((d) => d.value));
        // Duplicate keys, empty sequence items: texts the js-yaml path refuses too (the whole reading is the yaml package's).
        else if (skimmed) expect(parseText(text, '/r/f.yaml').holds).toBe('full');
        const projected = blockSkim(text, { key: (key) => (key === 'kind' ? 'whole' : key === 'spec' ? 'shape' : 'skip') });
        expect(projected === undefined).toBe(skimmed === undefined);
      }),
      { numRuns: RUNS * 5 },
    );
  });
  it('manifests the js-yaml path refuses and the skim reads (duplicate keys, empty items) agree with the yaml package', () => {
    // Not vacuous: of a fixed sample, texts only the lenient read of the skim reads, each compared.
    const sample = fc.sample(manifest, { numRuns: 2000, seed: 20261207 }).filter((text) => blockParse(text, false) === undefined && blockSkim(text, 'whole'));
    if (process.env.SKIM_READS) console.log(`read leniently: ${sample.length} of 2000`);
    for (const text of sample) for (const engine of Object.values(ENGINES)) expect(agrees(engine, text), text).toBe(true);
    expect(sample.length).toBeGreaterThanOrEqual(100);
  }, 120_000);
  it('CustomResourceDefinitions with errors and odd shapes inside their skipped schemas', () => property(crdLike, 0.05), 120_000);
  it('objects of many shapes written by the yaml package', () => property(written, 0.3), 120_000);
  it('manifests whose parts repeat, written with anchors and aliases', () => {
    property(aliasedWritten, 0.2);
    // Not vacuous: of a fixed sample, texts with aliases that the skim reads.
    const sample = fc.sample(aliasedWritten, { numRuns: 1000, seed: 20261207 }).filter((text) => /[:-] \*a\d/.test(text) && skim(ENGINES.default, text));
    if (process.env.SKIM_READS) console.log(`aliased and skimmed: ${sample.length} of 1000`);
    expect(sample.length).toBeGreaterThanOrEqual(200);
  }, 120_000);
});

const shared = sharedDir();

describe.skipIf(!shared)('the skim on ../shared/corpus (real and gitops)', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/i.test(e.name) || e.name === 'Kustomization') files.push(p);
    }
  };
  if (shared) for (const corpus of ['real', 'gitops']) if (fs.existsSync(path.join(shared, 'corpus', corpus))) walk(path.join(shared, 'corpus', corpus));
  const counts: string[] = [];
  afterAll(() => console.log(`skim on the corpus: ${counts.join('; ')}`));

  for (const [name, engine] of Object.entries(ENGINES)) {
    it(`every file's entries are the whole reading's (${name} engine), and nearly every file is skimmed`, () => {
      let read = 0;
      let bytes = 0;
      let readBytes = 0;
      for (const file of files) {
        const decoded = decode(fs.readFileSync(file));
        if ('error' in decoded) continue;
        bytes += decoded.text.length;
        const skimmed = skimmedEntries(engine, decoded.text, file, decoded.bomLength);
        if (skimmed === undefined) continue;
        read++;
        readBytes += decoded.text.length;
        expect(skimmed, file).toEqual(indexEntries(engine, parseText(decoded.text, file, decoded.bomLength, { trees: false })));
      }
      counts.push(`${name}: ${read} of ${files.length} files, ${Math.round((readBytes / bytes) * 100)}% of the bytes`);
      expect(files.length).toBeGreaterThan(1000);
      expect(read / files.length).toBeGreaterThan(0.9);
    });
  }
});

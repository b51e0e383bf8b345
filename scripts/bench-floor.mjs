#!/usr/bin/env node
// The floor `npm run bench` compares kubeward with: read every manifest file of a folder and parse it with the
// `yaml` package (parseAllDocuments + toJS), on one core. Prints the number of documents.
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

let documents = 0;
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(ya?ml|json)$/i.test(e.name)) {
      const docs = parseAllDocuments(fs.readFileSync(p, 'utf8'));
      for (const d of Array.isArray(docs) ? docs : [docs]) {
        try {
          d.toJS({ maxAliasCount: 1000 });
        } catch {
          // counted all the same
        }
        documents++;
      }
    }
  }
};
walk(process.argv[2]);
console.log(documents);

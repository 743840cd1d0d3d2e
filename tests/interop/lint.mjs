// Lints BPMN files with bpmnlint's recommended rules. Prints every report;
// exit 0 when there is no error (warnings are allowed).
//
//   node tests/interop/lint.mjs a.bpmn [b.bpmn …]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

// The recommended rules as bpmnlint ships them.
const config = { extends: 'bpmnlint:recommended' };

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node lint.mjs FILE.bpmn…');
  process.exit(2);
}
let errors = 0;
for (const file of files) {
  const { rootElement } = await new BpmnModdle().fromXML(readFileSync(file, 'utf8'));
  const linter = new Linter({ config, resolver: new NodeResolver() });
  const results = await linter.lint(rootElement);
  let n = 0;
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) {
      n++;
      if (r.category === 'error' || r.category === 'rule-error') errors++;
      console.log(`${file}: ${r.category}: ${rule}: ${r.id || ''} ${r.message}`);
    }
  }
  if (n === 0) console.log(`${file}: ok, no reports`);
}
process.exit(errors ? 1 : 0);

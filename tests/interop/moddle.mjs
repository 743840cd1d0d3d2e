// Parses BPMN files with bpmn-moddle (the parser bpmn-js uses) and prints
// every warning: unknown elements or attributes, illegal ids, unresolved
// references. Exit 0 when every file parses without a warning.
//
//   node tests/interop/moddle.mjs a.bpmn [b.bpmn …]
import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node moddle.mjs FILE.bpmn…');
  process.exit(2);
}
let bad = 0;
for (const file of files) {
  const moddle = new BpmnModdle();
  try {
    const { rootElement, warnings } = await moddle.fromXML(readFileSync(file, 'utf8'));
    if (rootElement.$type !== 'bpmn:Definitions') {
      console.log(`${file}: root is ${rootElement.$type}`);
      bad++;
    }
    for (const w of warnings) {
      console.log(`${file}: warning: ${w.message}`);
    }
    if (warnings.length) bad++;
    else console.log(`${file}: ok, 0 warnings`);
  } catch (e) {
    console.log(`${file}: error: ${e.message}`);
    bad++;
  }
}
process.exit(bad ? 1 : 0);

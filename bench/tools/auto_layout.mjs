// bpmn-auto-layout as a user runs it: read BPMN, lay it out, write BPMN with DI.
// usage: node tools/auto_layout.mjs in.bpmn out.bpmn
import { readFileSync, writeFileSync } from 'node:fs';
import { layoutProcess } from 'bpmn-auto-layout';

const [input, output] = process.argv.slice(2);
const xml = await layoutProcess(readFileSync(input, 'utf8'));
writeFileSync(output, xml);

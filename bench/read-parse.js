// The baseline the analysis of a window is measured against: Node reading a logs.jsonl file and
// JSON.parse-ing every line, nothing else.
import { readFileSync } from 'node:fs';

let events = 0;
for (const line of readFileSync(process.argv[2] ?? '', 'utf8').split('\n')) {
  if (line.length > 0 && JSON.parse(line) !== null) events++;
}
process.stdout.write(`${events}\n`);

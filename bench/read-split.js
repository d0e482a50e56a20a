// The baseline the CLI is measured against: Node reading a file and splitting it into lines.
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2] ?? '', 'utf8').split('\n');
process.stdout.write(`${lines.length}\n`);

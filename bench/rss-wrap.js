// Runs a Node entry script in this process and reports its peak RSS on stderr when it exits.
import { pathToFileURL } from 'node:url';

const [, , entry, ...rest] = process.argv;
process.argv = [process.argv[0] ?? 'node', entry ?? '', ...rest];
process.on('exit', () => {
  process.stderr.write(`\nmaxRSS-kB ${process.resourceUsage().maxRSS}\n`);
});
await import(pathToFileURL(entry ?? '').href);

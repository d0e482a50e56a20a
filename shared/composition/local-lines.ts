/** A local text file read line by line in bounded memory: what the CLI's `patterns` mines. */
export { type LineReadStats, readLines } from '../adapters/local/line-reader.ts';

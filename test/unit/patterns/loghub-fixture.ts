import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface LoghubFixture {
  contents: string[];
  eventIds: string[];
}

/** A Loghub 2k sample (Content and EventId columns) copied into test/fixtures/loghub. */
export function loadFixture(name: string): LoghubFixture {
  const url = new URL(`../../fixtures/loghub/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as LoghubFixture;
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IncidentFolderError } from './incident-folder.ts';

/**
 * The alarm event of an incident folder (its alarm.json) as written, for the workflow's intake to
 * validate and keep: an incident analyzed from CloudWatch needs only this file. Throws
 * IncidentFolderError when the folder or the file is missing or the file is not JSON.
 */
export function readAlarmFile(dir: string): unknown {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new IncidentFolderError(`${dir} is not an incident folder (no such directory)`);
  }
  const path = join(dir, 'alarm.json');
  if (!existsSync(path)) throw new IncidentFolderError(`${dir} has no alarm.json`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new IncidentFolderError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureIncidentTable } from '../../../../shared/adapters/aws/dynamodb-incident-store.ts';
import { LocalStoreDamagedError, startLocalDynamo } from '../../../../shared/adapters/local/local-dynamo.ts';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'incidentiq-claim-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tables = async (db: Awaited<ReturnType<typeof startLocalDynamo>>) =>
  (await db.client.send(new ListTablesCommand({}))).TableNames;

describe('a persisted local DynamoDB is shared by every opener', () => {
  it('serves a second opener from the first, and the second takes over once the first closed', async () => {
    const path = freshDir();
    const first = await startLocalDynamo({ path });
    const second = await startLocalDynamo({ path });
    expect(second.endpoint).toBe(first.endpoint);
    await ensureIncidentTable(second.client, 'shared-table');
    expect(await tables(first)).toEqual(['shared-table']);

    await first.close();
    expect(await tables(second)).toEqual(['shared-table']);
    expect(readFileSync(join(path, 'incidentiq.pid'), 'utf8')).toBe(String(process.pid));
    await second.close();
  });

  it('takes over the claim of a process that is gone', async () => {
    const path = freshDir();
    writeFileSync(join(path, 'incidentiq.pid'), '999999999');
    writeFileSync(
      join(path, 'incidentiq.endpoint'),
      JSON.stringify({ pid: 999999999, endpoint: 'http://127.0.0.1:9' }),
    );
    const db = await startLocalDynamo({ path });
    expect(await tables(db)).toEqual([]);
    await db.close();
  });
});

describe('a damaged local database', () => {
  it('is a catchable error when it cannot be opened, not a crash', async () => {
    const path = freshDir();
    const db = await startLocalDynamo({ path });
    await ensureIncidentTable(db.client, 'kept-table');
    await db.close();
    writeFileSync(join(path, 'CURRENT'), 'not a manifest name\n');
    await expect(startLocalDynamo({ path })).rejects.toBeInstanceOf(LocalStoreDamagedError);
  });

  it('is a catchable error when the path is a file', async () => {
    const file = join(freshDir(), 'dynamodb');
    writeFileSync(file, 'x');
    await expect(startLocalDynamo({ path: file })).rejects.toThrow();
  });

  it('says what LevelDB dropped when its write-ahead log was damaged', async () => {
    const path = freshDir();
    const db = await startLocalDynamo({ path });
    await ensureIncidentTable(db.client, 'lost-table');
    await db.close();
    const log = readdirLog(path);
    const bytes = readFileSync(log);
    for (let i = 10; i < bytes.length; i += 7) bytes[i] = (bytes[i] ?? 0) ^ 0xff;
    writeFileSync(log, bytes);

    const reopened = await startLocalDynamo({ path });
    expect(reopened.repairs().join('\n')).toMatch(/corruption/i);
    await reopened.close();
  });
});

function readdirLog(path: string): string {
  const name = readdirSync(path).find((f) => f.endsWith('.log'));
  if (!name) throw new Error('no LevelDB log file');
  return join(path, name);
}

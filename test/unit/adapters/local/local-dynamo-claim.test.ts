import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalDatabaseBusyError, startLocalDynamo } from '../../../../shared/adapters/local/local-dynamo.ts';

describe('a persisted local DynamoDB is claimed by one opener at a time', () => {
  it('refuses a second opener with a clear error, and lets it in once the first closed', async () => {
    const path = mkdtempSync(join(tmpdir(), 'incidentiq-claim-'));
    const first = await startLocalDynamo({ path });
    await expect(startLocalDynamo({ path })).rejects.toBeInstanceOf(LocalDatabaseBusyError);
    await first.close();
    const second = await startLocalDynamo({ path });
    await second.close();
    rmSync(path, { recursive: true, force: true });
  });

  it('takes over the claim of a process that is gone', async () => {
    const path = mkdtempSync(join(tmpdir(), 'incidentiq-claim-'));
    writeFileSync(join(path, 'incidentiq.pid'), '999999999');
    const db = await startLocalDynamo({ path });
    await db.close();
    rmSync(path, { recursive: true, force: true });
  });
});

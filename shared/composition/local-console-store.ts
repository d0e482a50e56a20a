import { recordedRepairs } from '../adapters/local/table-claim.ts';
import type { FaultClass } from '../domain/fault-class.ts';
import {
  type IncidentRecord,
  type IncidentStore,
  IncidentStoreUnavailableError,
  type IncidentTriage,
} from '../ports/incident-store.ts';
import { type LocalMemory, localTablePath, openLocalMemory } from './local-memory.ts';

/**
 * The local console's incident table: opened at the first request rather than at start, and again
 * after it could not be, so a console started on a damaged store answers every page with what is
 * wrong (IncidentStoreUnavailableError) instead of crashing, and recovers once the folder is moved
 * aside. Every store failure is such an error: for the console, the store is then unusable.
 */
export class LocalConsoleStore implements IncidentStore {
  private memory: Promise<LocalMemory> | null = null;

  constructor(
    private readonly home: string,
    private readonly options: { now?: () => Date } = {},
  ) {}

  /**
   * What is wrong with the store though it opens: each time a process found its database damaged
   * and LevelDB dropped records to open it (whichever process it was), for a banner.
   */
  async notes(): Promise<string[]> {
    return recordedRepairs(localTablePath(this.home)).map(
      ({ at, lines }) =>
        `On ${at.replace('T', ' ').slice(0, 19)} UTC the store under ${localTablePath(this.home)} was found damaged: its database dropped ${lines.length === 1 ? 'a damaged part' : `${lines.length} damaged parts`} of its log to open, so incidents recorded before then may be missing.`,
    );
  }

  async close(): Promise<void> {
    const memory = await this.memory?.catch(() => null);
    this.memory = null;
    await memory?.close();
  }

  private async use<T>(operation: (store: IncidentStore) => Promise<T>): Promise<T> {
    let memory: LocalMemory;
    try {
      this.memory ??= openLocalMemory(this.home, this.options);
      memory = await this.memory;
    } catch (error) {
      this.memory = null;
      throw this.unavailable(error);
    }
    try {
      return await operation(memory.store);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  private unavailable(error: unknown): IncidentStoreUnavailableError {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 300);
    return new IncidentStoreUnavailableError(
      `the store under ${localTablePath(this.home)} cannot be used (${reason}); move that folder aside and a new, empty store starts with the next page`,
    );
  }

  put(record: IncidentRecord): Promise<void> {
    return this.use((store) => store.put(record));
  }

  get(incidentId: string): Promise<IncidentRecord | null> {
    return this.use((store) => store.get(incidentId));
  }

  candidates(query: {
    rootService: string | null;
    faultClass: FaultClass;
    limit: number;
  }): Promise<IncidentRecord[]> {
    return this.use((store) => store.candidates(query));
  }

  list(query: { limit: number; before?: string }): Promise<IncidentRecord[]> {
    return this.use((store) => store.list(query));
  }

  updateTriage(incidentId: string, triage: IncidentTriage): Promise<IncidentRecord | null> {
    return this.use((store) => store.updateTriage(incidentId, triage));
  }
}

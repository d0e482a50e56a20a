import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IncidentFolderSource } from '../../../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../../../shared/analysis/analyze.ts';
import type { Report } from '../../../shared/domain/report.ts';

export const INCIDENTS = fileURLToPath(new URL('../../fixtures/incidents/', import.meta.url));

export interface Truth {
  rootCauseService: string[];
  faultClass: string;
  affected: string[];
  notAffected?: string[];
  triggerMentions?: string[];
  inconclusive?: boolean;
}

export function incidentNames(): string[] {
  return readdirSync(INCIDENTS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function truthOf(name: string): Truth {
  return JSON.parse(readFileSync(join(INCIDENTS, name, 'expected.json'), 'utf8')) as Truth;
}

/** Analyzes a fixture folder the way the CLI does; throws if the analysis refuses it. */
export function analyzeFixture(name: string): Report {
  const input = new IncidentFolderSource(join(INCIDENTS, name)).load();
  const result = analyzeIncident({
    alarmEvent: input.alarmEvent,
    events: input.events,
    sourceNotes: input.notes,
  });
  if (!result.ok) throw new Error(result.error);
  return result.report;
}

/** Every raw message of a fixture, whitespace collapsed (what the team's scorer compares quotes with). */
export function messagesOf(name: string): string[] {
  return readFileSync(join(INCIDENTS, name, 'logs.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) =>
      String((JSON.parse(l) as { message: unknown }).message)
        .replace(/\s+/g, ' ')
        .trim(),
    );
}

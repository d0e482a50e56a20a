import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentFolderSource } from '../../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../../shared/analysis/analyze.ts';
import { withIncidentMemory } from '../../shared/analysis/similarity/incident-memory.ts';
import {
  createLocalWorkflow,
  folderFetcher,
  type LocalWorkflow,
  localMetricsFile,
} from '../../shared/composition/local.ts';
import type { Report } from '../../shared/domain/report.ts';
import type { StateMachineDefinition } from '../../shared/workflow/definition.ts';
import { localFunctionArn, runWorkflowLocally } from '../../shared/workflow/local-runner.ts';
import { mainPath, STEPS } from '../../shared/workflow/steps/index.ts';
import { intake } from '../../shared/workflow/steps/intake.ts';
import { buildApp, functionLogicalId, SYNTH_TIMEOUT_MS, stateMachineDefinition } from '../infra/helpers.ts';

const INCIDENT = fileURLToPath(
  new URL('../fixtures/incidents/f05-ledger-postgres-wal-volume-full/', import.meta.url),
);

let definition: StateMachineDefinition;
let workflow: LocalWorkflow;
let home: string;

beforeAll(async () => {
  const { stack } = buildApp();
  const template = Template.fromStack(stack);
  const synthesized = stateMachineDefinition(template);
  // The deployed definition names each function by its CloudFormation ARN; locally, each step's name.
  const byPlaceholder = new Map(
    STEPS.filter((s) => s.inStateMachine).map((s) => [
      `\${${functionLogicalId(template, s.name)}.Arn}`,
      s.name,
    ]),
  );
  for (const state of Object.values(synthesized.States)) {
    const step = byPlaceholder.get(String(state.Resource));
    if (step) state.Resource = localFunctionArn(step);
  }
  definition = synthesized;
  home = mkdtempSync(join(tmpdir(), 'incidentiq-synth-'));
  workflow = await createLocalWorkflow({ home, fetcher: folderFetcher(INCIDENT) });
}, SYNTH_TIMEOUT_MS);

afterAll(async () => {
  await workflow.close();
  rmSync(home, { recursive: true, force: true });
});

describe('the CDK-synthesized state machine, run locally', () => {
  it(
    'has the steps of STEPS and produces the direct analysis report',
    async () => {
      expect(definition.StartAt).toBe(mainPath()[0]?.name);
      const input = new IncidentFolderSource(INCIDENT).load();
      const admitted = await intake(input.alarmEvent, workflow.deps.blobs);
      if (!admitted.started) throw new Error(admitted.reason);
      const outcome = await runWorkflowLocally(admitted.state, workflow.deps, definition);
      if (!outcome.ok) throw new Error(outcome.error);
      const report = JSON.parse(await workflow.deps.blobs.get(outcome.state.reportKey as string)) as Report;
      const direct = analyzeIncident({
        alarmEvent: input.alarmEvent,
        events: input.events,
        sourceNotes: input.notes,
      });
      if (!direct.ok) throw new Error(direct.error);
      expect({ ...report, stats: { ...report.stats, durationMs: 0 } }).toEqual({
        // No past incident in a fresh table: no similar incidents, frequency "new".
        ...withIncidentMemory(direct.report, []),
        stats: { ...direct.report.stats, durationMs: 0 },
      });
      expect(report.rootCause).toMatchObject({ service: 'ledger-postgres', faultClass: 'disk_full' });
      // Nothing degraded, nothing counted.
      expect(existsSync(localMetricsFile(home))).toBe(false);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'names the failed step in the degraded report and counts it in the local metrics',
    async () => {
      const degradedHome = mkdtempSync(join(tmpdir(), 'incidentiq-synth-degraded-'));
      const local = await createLocalWorkflow({ home: degradedHome, fetcher: folderFetcher(INCIDENT) });
      try {
        const deps = {
          ...local.deps,
          fetcher: {
            fetch: () => {
              throw new Error('CloudWatch Logs is unreachable');
            },
          },
        };
        const admitted = await intake(new IncidentFolderSource(INCIDENT).load().alarmEvent, deps.blobs);
        if (!admitted.started) throw new Error(admitted.reason);

        const outcome = await runWorkflowLocally(admitted.state, deps, definition);

        expect(outcome.ok).toBe(false);
        const outbox = join(degradedHome, 'outbox');
        const [mail] = readdirSync(outbox).map(
          (f) => JSON.parse(readFileSync(join(outbox, f), 'utf8')) as { subject: string; text: string },
        );
        expect(mail?.subject).toMatch(/^\[degraded\] /);
        expect(mail?.text).toContain(
          'step fetch-slice failed after its retries (Error: CloudWatch Logs is unreachable)',
        );
        const counted = readFileSync(localMetricsFile(degradedHome), 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { name: string; dimensions: Record<string, string> });
        expect(counted).toMatchObject([
          { name: 'DegradedAnalysis', dimensions: { FailedStep: 'fetch-slice' } },
        ]);
      } finally {
        await local.close();
        rmSync(degradedHome, { recursive: true, force: true });
      }
    },
    SYNTH_TIMEOUT_MS,
  );
});

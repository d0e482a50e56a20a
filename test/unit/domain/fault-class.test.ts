import { describe, expect, it } from 'vitest';
import {
  FAULT_CLASS_DESCRIPTIONS,
  FAULT_CLASS_LABELS,
  FAULT_CLASSES,
  faultClassSchema,
  SERVICE_ROLES,
} from '../../../shared/domain/index.ts';

describe('fault classes', () => {
  it('are the 19 classes of the contract, each once', () => {
    expect(FAULT_CLASSES).toHaveLength(19);
    expect(new Set(FAULT_CLASSES).size).toBe(19);
    expect(FAULT_CLASSES).toContain('memory_exhaustion');
    expect(FAULT_CLASSES).toContain('unknown');
    expect(FAULT_CLASSES).toContain('other');
  });

  it('each have a label and a description', () => {
    for (const faultClass of FAULT_CLASSES) {
      expect(FAULT_CLASS_LABELS[faultClass].length).toBeGreaterThan(0);
      expect(FAULT_CLASS_DESCRIPTIONS[faultClass].length).toBeGreaterThan(0);
    }
    expect(Object.keys(FAULT_CLASS_LABELS)).toHaveLength(19);
    expect(Object.keys(FAULT_CLASS_DESCRIPTIONS)).toHaveLength(19);
  });

  it('reject a class outside the contract', () => {
    expect(faultClassSchema.safeParse('oom').success).toBe(false);
  });
});

describe('service roles', () => {
  it('include the roles of the brief', () => {
    for (const role of [
      'gateway',
      'api',
      'worker',
      'database',
      'cache',
      'queue',
      'dns',
      'external',
      'unknown',
    ]) {
      expect(SERVICE_ROLES).toContain(role);
    }
  });
});

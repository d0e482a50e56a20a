import { REDACTION_KINDS, type RedactionKind } from './kinds.ts';

export interface RedactionFinding {
  readonly kind: RedactionKind;
  readonly count: number;
}

/** Counts masked spans per kind; lists them in `REDACTION_KINDS` order, leaving out kinds never seen. */
export class FindingTally {
  private readonly counts = new Map<RedactionKind, number>();

  add(kind: RedactionKind, count = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + count);
  }

  addAll(findings: readonly RedactionFinding[]): void {
    for (const f of findings) this.add(f.kind, f.count);
  }

  toFindings(): RedactionFinding[] {
    return REDACTION_KINDS.flatMap((kind) => {
      const count = this.counts.get(kind) ?? 0;
      return count > 0 ? [{ kind, count }] : [];
    });
  }
}

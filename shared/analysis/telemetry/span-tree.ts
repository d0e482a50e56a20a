import type { FlatTrace } from './spans.ts';

/**
 * Receives the facts of a walk, positionally (no object per fact): a service's own work (a span's
 * duration minus the time covered by its children), a call from one service into another seen
 * from the caller's client span (`networkMs`: the client span minus the callee's server span,
 * null when the callee has no span), and the deepest failing span of a failure chain, attributed
 * to the service where it began.
 */
export interface TreeSink {
  self(service: string, operation: string, start: number, selfMs: number, failed: boolean): void;
  call(
    caller: string,
    callee: string,
    start: number,
    latencyMs: number,
    networkMs: number | null,
    failed: boolean,
  ): void;
  failure(service: string, start: number, traceId: string): void;
}

export interface TreeCounts {
  /** Spans whose parent is not in the trace (kept as roots). */
  orphans: number;
  /** Children reaching outside their parent's time by more than the tolerance (clock skew). */
  skewed: number;
  /** Spans without an end (in progress), left out of timing. */
  unfinished: number;
}

/** How OpenTelemetry names database client spans: the statement's verb, then the table. */
const SQL_STATEMENT = /^(SELECT|INSERT|UPDATE|DELETE|MERGE|UPSERT|CALL)\s/i;

/** Differences below this are clock jitter, not skew (ms). */
const SKEW_TOLERANCE_MS = 1;
/** A failing span's longest call took at least this share of its time: the failure came from waiting on it. */
const AWAITED_SHARE = 0.5;
/** Up to this many children, their intervals are sorted in place (no array of pairs). */
const SMALL_SORT = 32;

const NO_PARENT = -1;
const MISSING_PARENT = -2;
/** Up to this many spans, ids are found by a scan: cheaper than filling a map for each trace. */
const SCAN_IDS = 48;

/**
 * Walks traces one at a time and reports self times, calls between services and where failures
 * began. Its index arrays are reused from trace to trace. Spans sharing an id share one entry (the
 * first), as a parent id names it.
 */
export class SpanTreeWalker {
  private readonly byId = new Map<string, number>();
  private readonly services: string[] = [];
  private parent = new Int32Array(64);
  private owner = new Int32Array(64);
  private firstChild = new Int32Array(64);
  private lastChild = new Int32Array(64);
  private nextSibling = new Int32Array(64);
  private failingBelow = new Uint8Array(64);
  private ivFrom = new Float64Array(SMALL_SORT);
  private ivTo = new Float64Array(SMALL_SORT);

  walk(t: FlatTrace, resolve: (raw: string) => string, sink: TreeSink, counts: TreeCounts): void {
    const n = t.size;
    if (n > this.parent.length) this.grow(n);
    const { parent, owner, firstChild, lastChild, nextSibling, failingBelow, services } = this;
    const { id, parentId, start, end, failed, isSegment, remoteName } = t;
    const unique = this.index(t);
    let lastRaw: string | null = null;
    let lastService = '';
    for (let i = 0; i < n; i++) {
      owner[i] = unique ? i : this.find(t, id[i] as string);
      firstChild[i] = -1;
      lastChild[i] = -1;
      nextSibling[i] = -1;
      failingBelow[i] = 0;
      // A segment's subsegments share its name: one resolution for the run.
      const raw = t.service[i] as string;
      if (raw !== lastRaw) {
        lastRaw = raw;
        lastService = resolve(raw);
      }
      services[i] = lastService;
    }
    for (let i = 0; i < n; i++) {
      const p = parentId[i];
      if (p === null || p === undefined) {
        parent[i] = NO_PARENT;
        continue;
      }
      // With unique ids a subsegment's parent is where the flattening found it.
      const structural = unique ? t.container[i] : -1;
      parent[i] = structural !== undefined && structural >= 0 ? structural : this.find(t, p);
      if (p === id[i]) continue;
      const at = parent[i] as number;
      if (at === MISSING_PARENT) {
        counts.orphans++;
        continue;
      }
      if (lastChild[at] === -1) firstChild[at] = i;
      else nextSibling[lastChild[at] as number] = i;
      lastChild[at] = i;
    }
    this.markFailingAncestors(n, failed);

    for (let s = 0; s < n; s++) {
      const service = services[s] as string;
      const o = owner[s] as number;
      const sStart = start[s] as number;
      const sEnd = end[s] as number;
      const d = Number.isFinite(sEnd) && sEnd >= sStart ? sEnd - sStart : Number.NaN;
      const timed = !Number.isNaN(d);
      if (!timed) counts.unfinished++;
      let kids = 0;
      let remoteKids = 0;
      let firstRemote = -1;
      let failedKid = false;
      for (let k = firstChild[o] as number; k !== -1; k = nextSibling[k] as number) {
        kids++;
        if (failed[k] === 1) failedKid = true;
        const kStart = start[k] as number;
        const kEnd = end[k] as number;
        if (
          timed &&
          (kStart < sStart - SKEW_TOLERANCE_MS || (Number.isFinite(kEnd) && kEnd > sEnd + SKEW_TOLERANCE_MS))
        ) {
          counts.skewed++;
        }
        if (isSegment[k] === 1 && services[k] !== service) {
          remoteKids++;
          if (firstRemote === -1) firstRemote = k;
        }
      }
      const isFailed = failed[s] === 1;
      const remote = remoteName[s] ?? null;
      if (isFailed && failingBelow[o] === 0) {
        const culprit = remoteKids > 1 ? this.awaitedChild(t, firstRemote, service, sEnd, d) : firstRemote;
        const callee =
          culprit !== -1
            ? this.awaitedService(t, culprit, resolve)
            : remote !== null
              ? resolve(remote)
              : service;
        sink.failure(callee, sStart, t.traceId);
      }
      if (!timed) continue;
      const own = Math.max(0, d - this.coveredBy(t, o, kids, sStart, sEnd));
      if (remoteKids > 0) {
        // A client span: what it adds beyond its children is time on the wire, not the caller's work.
        const share = own / remoteKids;
        for (let k = firstRemote; k !== -1; k = nextSibling[k] as number) {
          if (isSegment[k] !== 1 || services[k] === service) continue;
          const kStart = start[k] as number;
          const kEnd = end[k] as number;
          const kd = Number.isFinite(kEnd) && kEnd >= kStart ? kEnd - kStart : Number.NaN;
          sink.call(
            service,
            services[k] as string,
            sStart,
            d,
            Number.isNaN(kd) ? null : remoteKids === 1 ? Math.max(0, d - kd) : share,
            isFailed || failed[k] === 1,
          );
        }
        continue;
      }
      if (remote !== null && kids === 0) {
        // A dependency without spans of its own: its time is all we see of it.
        const callee = resolve(remote);
        sink.call(service, callee, sStart, d, null, isFailed);
        sink.self(callee, t.operation(s), sStart, d, isFailed);
        continue;
      }
      const operation = t.operation(s);
      // A database statement with no span of the database's own is time spent in the database, not
      // the service's own work: it is left out of the service's self time.
      if (kids === 0 && SQL_STATEMENT.test(operation)) continue;
      // Time between a failed call and what follows it is a retry's back-off or the handling of the
      // callee's failure, not the service's own work slowing down.
      if (failedKid) continue;
      sink.self(service, operation, sStart, own, isFailed);
    }
  }

  /**
   * Of a failing span's calls into other services, none failing, the one it failed waiting for:
   * the call still running when the span ended (the caller gave up on it: a timeout), else the
   * longest if it took most of the span's time. -1 when none did: the failure is the span's own,
   * not that of a healthy callee it also called.
   */
  private awaitedChild(t: FlatTrace, firstRemote: number, service: string, sEnd: number, d: number): number {
    const { start, end, isSegment } = t;
    const { services, nextSibling } = this;
    let overran = -1;
    let overrun = 0;
    let longest = -1;
    let longestMs = 0;
    for (let k = firstRemote; k !== -1; k = nextSibling[k] as number) {
      if (isSegment[k] !== 1 || services[k] === service) continue;
      const kEnd = end[k] as number;
      const kd = kEnd - (start[k] as number);
      if (!Number.isFinite(kd)) continue;
      if (kEnd - sEnd > Math.max(SKEW_TOLERANCE_MS, overrun)) {
        overran = k;
        overrun = kEnd - sEnd;
      }
      if (kd > longestMs) {
        longest = k;
        longestMs = kd;
      }
    }
    if (overran !== -1) return overran;
    return longest !== -1 && longestMs >= AWAITED_SHARE * d ? longest : -1;
  }

  /**
   * Where the time of a callee that answered too late went: down the chain of calls each of which
   * took most of its caller's time, to the last (a callee that waited on its own callee passes the
   * blame on). A call whose callee's span is short spent its time on the wire: the service it
   * called is where it was lost. Nothing below failed (the walk looks here only then).
   */
  private awaitedService(t: FlatTrace, from: number, resolve: (raw: string) => string): string {
    const { start, end, remoteName, isSegment } = t;
    const { firstChild, nextSibling, owner, services } = this;
    const span = (i: number) => (end[i] as number) - (start[i] as number);
    let at = from;
    for (let steps = 0; steps < t.size; steps++) {
      const d = span(at);
      if (!Number.isFinite(d)) break;
      let longest = -1;
      let longestMs = 0;
      for (let k = firstChild[owner[at] as number] as number; k !== -1; k = nextSibling[k] as number) {
        const kd = span(k);
        if (Number.isFinite(kd) && kd > longestMs) {
          longest = k;
          longestMs = kd;
        }
      }
      if (longest === -1 || longestMs < AWAITED_SHARE * d) break;
      at = longest;
    }
    const remote = isSegment[at] === 1 ? null : (remoteName[at] ?? null);
    return remote !== null ? resolve(remote) : (services[at] as string);
  }

  /** Prepares `find` for this trace; whether its span ids are all distinct. */
  private index(t: FlatTrace): boolean {
    const n = t.size;
    const id = t.id;
    if (n <= SCAN_IDS) {
      for (let i = 1; i < n; i++) {
        const key = id[i];
        for (let j = 0; j < i; j++) if (id[j] === key) return false;
      }
      return true;
    }
    const byId = this.byId;
    byId.clear();
    // Backwards, so the first span of a repeated id is the one kept.
    for (let i = n - 1; i >= 0; i--) byId.set(id[i] as string, i);
    return byId.size === n;
  }

  /** The first span with this id, or MISSING_PARENT. */
  private find(t: FlatTrace, key: string): number {
    if (t.size <= SCAN_IDS) {
      const id = t.id;
      for (let j = 0; j < t.size; j++) if (id[j] === key) return j;
      return MISSING_PARENT;
    }
    return this.byId.get(key) ?? MISSING_PARENT;
  }

  /** Marks spans that have a failing descendant (bounded walk: parent cycles cannot loop). */
  private markFailingAncestors(n: number, failed: Uint8Array): void {
    const { parent, failingBelow } = this;
    for (let s = 0; s < n; s++) {
      if (failed[s] !== 1) continue;
      let p = parent[s] as number;
      let steps = 0;
      while (p >= 0 && steps++ < n && failingBelow[p] === 0) {
        failingBelow[p] = 1;
        p = parent[p] as number;
      }
    }
  }

  /** Length of the union of the children's intervals clipped to [from, to]. */
  private coveredBy(t: FlatTrace, o: number, kids: number, from: number, to: number): number {
    if (kids === 0) return 0;
    const { start, end } = t;
    const first = this.firstChild[o] as number;
    if (kids === 1) {
      const kEnd = end[first] as number;
      if (!Number.isFinite(kEnd)) return 0;
      return Math.max(0, Math.min(to, kEnd) - Math.max(from, start[first] as number));
    }
    if (kids > SMALL_SORT) return this.coveredByMany(t, o, from, to);
    const a = this.ivFrom;
    const b = this.ivTo;
    let m = 0;
    for (let k = first; k !== -1; k = this.nextSibling[k] as number) {
      const kEnd = end[k] as number;
      if (!Number.isFinite(kEnd)) continue;
      const x = Math.max(from, start[k] as number);
      const y = Math.min(to, kEnd);
      if (!(y > x)) continue;
      // Insertion by start: the union's length does not depend on the order of equal starts.
      let j = m++;
      while (j > 0 && (a[j - 1] as number) > x) {
        a[j] = a[j - 1] as number;
        b[j] = b[j - 1] as number;
        j--;
      }
      a[j] = x;
      b[j] = y;
    }
    return unionLength(a, b, m);
  }

  private coveredByMany(t: FlatTrace, o: number, from: number, to: number): number {
    const iv: [number, number][] = [];
    for (let k = this.firstChild[o] as number; k !== -1; k = this.nextSibling[k] as number) {
      const kEnd = t.end[k] as number;
      if (!Number.isFinite(kEnd)) continue;
      const x = Math.max(from, t.start[k] as number);
      const y = Math.min(to, kEnd);
      if (y > x) iv.push([x, y]);
    }
    iv.sort((p, q) => p[0] - q[0]);
    return unionLength(
      Float64Array.from(iv, (p) => p[0]),
      Float64Array.from(iv, (p) => p[1]),
      iv.length,
    );
  }

  private grow(n: number): void {
    let size = this.parent.length;
    while (size < n) size *= 2;
    this.parent = new Int32Array(size);
    this.owner = new Int32Array(size);
    this.firstChild = new Int32Array(size);
    this.lastChild = new Int32Array(size);
    this.nextSibling = new Int32Array(size);
    this.failingBelow = new Uint8Array(size);
  }
}

/** Length of the union of `m` intervals sorted by their start. */
function unionLength(a: Float64Array, b: Float64Array, m: number): number {
  if (m === 0) return 0;
  let total = 0;
  let curA = a[0] as number;
  let curB = b[0] as number;
  for (let i = 1; i < m; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x > curB) {
      total += curB - curA;
      curA = x;
      curB = y;
    } else if (y > curB) curB = y;
  }
  return total + (curB - curA);
}

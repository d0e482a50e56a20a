import type { LogLevel } from '../../../domain/log-event.ts';
import { findLevelWord } from '../level.ts';
import { serviceFromPodName } from '../pod-name.ts';
import { GO_FATAL, GO_PANIC, GOROUTINE } from '../stack-lines.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { withInferredYear } from '../timestamp.ts';

const KLOG = /^([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s+(\d+)\s+([^\s:\]]+:\d+)\] ?/;
const KLOG_LEVEL: Record<string, LogLevel> = { I: 'INFO', W: 'WARN', E: 'ERROR', F: 'FATAL' };
/** klog's structured object reference to a pod (Kubernetes structured logging, KEP-1602: `pod="namespace/name"`). */
const KLOG_POD = /\bpod="[^"/\s]+\/([^"/\s]+)"/;
const GO_STD_LOG = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/;
// nginx's error log shares Go's timestamp: `2026/05/12 10:00:01 [error] 29#29: …`; plain.ts reads it.
const NGINX_ERROR = /^\[\w+\] \d+#\d+: /;

function recogniseKlog(ctx: LineContext): StyleMatch | undefined {
  const m = KLOG.exec(ctx.head);
  if (!m) return undefined;
  const at = withInferredYear(
    ctx.eventMs,
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    m[7],
  );
  const pod = KLOG_POD.exec(ctx.head.slice(m[0].length))?.[1];
  return {
    style: 'go',
    at,
    level: KLOG_LEVEL[m[1] ?? ''],
    // A node agent's line about a pod (the kubelet's "Probe failed" … pod="ns/name") is about its workload.
    service: pod === undefined ? undefined : serviceFromPodName(pod),
    bodyStart: m[0].length,
    fields: { pid: Number(m[8]), source: m[9] },
  };
}

/** Go: panics and runtime fatal errors, goroutine dumps, klog (`I0512 10:00:01.123456 1 file.go:12] …`), the std `log` package. */
export function recogniseGo(ctx: LineContext): StyleMatch | undefined {
  const line = ctx.head;
  if (GO_PANIC.test(line) || GO_FATAL.test(line)) {
    return { style: 'go', level: 'FATAL', bodyStart: 0, exception: line.slice(0, 500) };
  }
  if (GOROUTINE.test(line)) return { style: 'go', level: 'ERROR', bodyStart: 0 };
  const klog = recogniseKlog(ctx);
  if (klog) return klog;
  if (ctx.leading && GO_STD_LOG.test(line)) {
    const rest = line.slice(ctx.leading.end).trimStart();
    if (NGINX_ERROR.test(rest)) return undefined;
    return {
      style: 'go',
      at: ctx.leading.at,
      level: findLevelWord(rest.slice(0, 200)),
      bodyStart: line.length - rest.length,
    };
  }
  return undefined;
}

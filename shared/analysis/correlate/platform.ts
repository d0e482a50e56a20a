import type { Collected } from '../collect/index.ts';
import type { Platform } from '../synthesis/narrative-input.ts';

/** Where the services run, from their log groups and the kinds of lines they write. */
export function detectPlatform(collected: Collected): Platform {
  const groups = [...collected.logGroups].join(' ').toLowerCase();
  const styles = new Set(collected.patterns.flatMap((p) => p.samples.map((s) => s.style)));
  const text = collected.patterns
    .slice(0, 500)
    .map((p) => p.template)
    .join(' ');
  if (
    /\/eks\/|\/k8s\/|kubernetes|\/containerinsights\//.test(groups) ||
    styles.has('k8s-event') ||
    /\bpod\b|CrashLoopBackOff|OOMKilled|kubelet/.test(text)
  )
    return 'kubernetes';
  if (/\/aws\/lambda\//.test(groups) || styles.has('lambda')) return 'lambda';
  if (/\/ecs\/|\/aws\/ecs\//.test(groups)) return 'ecs';
  if (/\/var\/log|\/ec2\//.test(groups)) return 'ec2';
  return 'unknown';
}

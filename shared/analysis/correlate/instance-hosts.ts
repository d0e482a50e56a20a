import type { Collected, ServiceStat } from '../collect/index.ts';
import type { ChangeEvent } from './changes/index.ts';

/**
 * Which one service each EC2 instance hosts, from the log streams named after it (collect notes
 * them). An instance whose streams hold the lines of more than one service hosts no one service.
 */
function hostedServices(services: ReadonlyMap<string, ServiceStat>): Map<string, string> {
  const seen = new Map<string, Set<string>>();
  for (const s of services.values()) {
    for (const instance of s.instances) {
      if (instance === s.service) continue;
      const hosts = seen.get(instance) ?? new Set<string>();
      hosts.add(s.service);
      seen.set(instance, hosts);
    }
  }
  const hosted = new Map<string, string>();
  for (const [instance, hosts] of seen) if (hosts.size === 1) hosted.set(instance, [...hosts][0] as string);
  return hosted;
}

/**
 * The lines about an EC2 instance (a Spot interruption warning, an Auto Scaling launch or
 * termination, a Health event: they name the instance) are about the service it hosts, when its
 * own log streams show it hosts one: an instance's loss is its service's loss of capacity. So are
 * the events about a Kubernetes workload's pods (named after the workload, `events-kafka-2`) when
 * the container lines of those pods are one service's (named by its label, `kafka`).
 */
export function withInstancesAsTheirService(collected: Collected): Collected {
  const hosted = hostedServices(collected.services);
  const renamed = [...hosted.keys()].filter((instance) => collected.services.has(instance));
  if (renamed.length === 0) return collected;
  const taken = new Set(collected.patterns.map((p) => p.key));
  const patterns = collected.patterns.map((p) => {
    const service = hosted.get(p.service);
    if (service === undefined) return p;
    const key = `${service}\u0000${p.level}\u0000${p.templateId}`;
    if (taken.has(key)) return p;
    taken.add(key);
    return { ...p, service, key };
  });
  const services = new Map<string, ServiceStat>();
  for (const [name, stat] of collected.services) {
    const into = hosted.get(name) ?? name;
    const kept = services.get(into);
    if (!kept)
      services.set(into, {
        ...stat,
        service: into,
        logGroups: new Set(stat.logGroups),
        instances: new Set(stat.instances),
      });
    else {
      for (const g of stat.logGroups) kept.logGroups.add(g);
      for (const i of stat.instances) kept.instances.add(i);
      kept.firstAt = Math.min(kept.firstAt, stat.firstAt);
    }
  }
  const changes = collected.changes.map((c): ChangeEvent => {
    const service = hosted.get(c.service);
    return service === undefined ? c : { ...c, service };
  });
  return { ...collected, patterns, services, changes };
}

/**
 * What Kubernetes adds to a workload's name when it names a pod: a Deployment's ReplicaSet appends
 * its pod-template hash (`checkout-7d9f8b6c5d`) and the pod a random suffix (`-x2x9k`); a DaemonSet's
 * pod has the suffix alone; a StatefulSet's pod an ordinal (`redis-master-0`). Both random parts are
 * drawn from apimachinery's rand.String alphabet, consonants and the digits 2456789, so a five-letter
 * word with a vowel (`stock-redis`, `order-queue`) is part of the name. Hand-written names (test
 * data, other schedulers) use any [a-z0-9]: a part with a digit counts as generated too.
 */
const RAND_STRING_CONSONANTS = /^[bcdfghjklmnpqrstvwxz]+$/;

const hasDigit = (s: string) => /\d/.test(s);

function generated(part: string | undefined, min: number, max: number): part is string {
  if (part === undefined || part.length < min || part.length > max || !/^[a-z0-9]+$/.test(part)) return false;
  return hasDigit(part) || RAND_STRING_CONSONANTS.test(part.replace(/[2456789]/g, ''));
}

/**
 * The name without a pod's template hash and suffix (or a ReplicaSet's hash, or a DaemonSet pod's
 * suffix alone), else the name as given. Case is kept; matching is on the lower case.
 */
export function withoutPodHash(name: string): string {
  const parts = name.toLowerCase().split('-');
  const last = parts[parts.length - 1];
  const previous = parts[parts.length - 2];
  const cut = (n: number) => name.split('-').slice(0, -n).join('-');
  // A hash with a digit marks the pair whatever its suffix looks like; a digit-free hash is six
  // letters or more of the alphabet, and then its suffix must be of the alphabet too.
  if (parts.length >= 3 && generated(previous, 5, 10) && last !== undefined && /^[a-z0-9]{4,5}$/.test(last)) {
    if (hasDigit(previous) || (previous.length >= 6 && generated(last, 4, 5))) return cut(2);
  }
  if (parts.length >= 2 && (generated(last, 5, 5) || (generated(last, 6, 10) && hasDigit(last))))
    return cut(1);
  return name;
}

/** A StatefulSet pod's ordinal. */
const ORDINAL = /-\d{1,3}$/;

/**
 * The workload behind a pod or ReplicaSet name: `checkout-gateway-7d9f8b6c5d-x2x9k` → `checkout-gateway`,
 * `payment-service-5c8f8` → `payment-service`, `redis-master-0` → `redis-master` (StatefulSet ordinal).
 */
export function serviceFromPodName(name: string): string {
  const unhashed = withoutPodHash(name);
  if (unhashed !== name) return unhashed;
  return name.includes('-') && ORDINAL.test(name) ? name.replace(ORDINAL, '') : name;
}

/** The name without a trailing ordinal of any length (`ledger-db-2`), for matching against known names. */
export function withoutOrdinal(name: string): string {
  return name.replace(/-\d+$/, '');
}

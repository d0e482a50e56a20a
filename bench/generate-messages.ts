/**
 * Deterministic synthetic log messages for benchmarks: a mix of realistic templates (HTTP access,
 * JSON-ish app lines, database, queue, Lambda runtime, errors) with random ids, numbers and hosts.
 */

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Fill = (r: () => number) => string;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: () => number, n: number) => Math.floor(r() * n);
const hex = (r: () => number, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[int(r, 16)];
  return s;
};
const ip = (r: () => number) => `10.${int(r, 256)}.${int(r, 256)}.${int(r, 256)}`;
const uuid = (r: () => number) => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;
const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const paths = ['/api/v1/orders', '/api/v1/products', '/api/v1/cart', '/health', '/api/v1/users/me'];
const services = ['payments-worker', 'orders-api', 'inventory-api', 'checkout-gateway', 'email-sender'];

const TEMPLATES: Fill[] = [
  (r) =>
    `${ip(r)} - - "${pick(r, ['GET', 'POST', 'PUT'])} ${pick(r, paths)}/${int(r, 99999)} HTTP/1.1" ${pick(r, ['200', '201', '204', '404', '500', '503'])} ${int(r, 90000)} "-" "Mozilla/5.0" 0.${int(r, 999)}`,
  (r) =>
    `payment ord_${hex(r, 10)} captured for user ${pick(r, users)} amount=${int(r, 9999)}.${int(r, 99)} EUR`,
  (r) => `GET /accounts/${int(r, 99999)}/balance ${pick(r, ['200', '500'])} in ${int(r, 900)} ms`,
  (r) =>
    `checkpoint complete: wrote ${int(r, 900)} buffers (${int(r, 9)}.${int(r, 9)}%); ${int(r, 9)} WAL file(s) added`,
  (r) =>
    `REPORT RequestId: ${uuid(r)} Duration: ${int(r, 3000)}.${int(r, 99)} ms Billed Duration: ${int(r, 3000)} ms Memory Size: 512 MB Max Memory Used: ${int(r, 512)} MB`,
  (r) => `START RequestId: ${uuid(r)} Version: $LATEST`,
  (r) => `END RequestId: ${uuid(r)}`,
  (r) => `consumed order.created ord_${hex(r, 10)} from partition ${int(r, 12)} offset ${int(r, 1e7)}`,
  (r) =>
    `connection to ${pick(r, services)}:${int(r, 9000) + 1000} failed: ECONNREFUSED ${ip(r)}:${int(r, 9000)}`,
  (r) => `HikariPool-1 - Connection is not available, request timed out after ${int(r, 30000)}ms.`,
  (r) => `cache miss for key coupon:${hex(r, 8)} ttl=${int(r, 600)}s`,
  (r) => `Started container ${pick(r, services)} in pod ${pick(r, services)}-${hex(r, 10)}-${hex(r, 5)}`,
  (r) => `user ${pick(r, users)} logged in from ${ip(r)} session=${uuid(r)}`,
  (r) =>
    `job ${uuid(r)} finished in ${int(r, 90)}.${int(r, 999)} seconds with status ${pick(r, ['ok', 'retry', 'failed'])}`,
  (r) =>
    `ERROR could not serialize access due to concurrent update on relation accounts tuple (${int(r, 999)},${int(r, 99)})`,
  (r) => `rendered /p/SKU-${int(r, 9999)} in ${int(r, 400)}ms cache=${pick(r, ['hit', 'miss'])}`,
];

/** Yields `count` messages; the same seed always gives the same messages. */
export function* generateMessages(count: number, seed = 42): Generator<string> {
  const r = mulberry32(seed);
  for (let i = 0; i < count; i++) yield (TEMPLATES[int(r, TEMPLATES.length)] as Fill)(r);
}

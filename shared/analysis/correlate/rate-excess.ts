/**
 * The exact test of two Poisson rates: given `incident + baseline` lines in all, and a share
 * `incidentShare` of the time (or exposure) falling in the incident window, the chance that at
 * least `incident` of them fall there when the rate did not change. Under that hypothesis each
 * line lands in the incident window with probability `incidentShare` on its own, so the count is
 * binomial and the chance its upper tail.
 */
export function chanceOfExcess(incident: number, baseline: number, incidentShare: number): number {
  const n = incident + baseline;
  const p = incidentShare;
  if (incident <= 0 || p >= 1) return 1;
  if (p <= 0) return 0;
  if (incident <= n * p) return 1;
  const odds = p / (1 - p);
  let term = Math.exp(
    lnFactorial(n) -
      lnFactorial(incident) -
      lnFactorial(baseline) +
      incident * Math.log(p) +
      baseline * Math.log1p(-p),
  );
  let tail = 0;
  for (let k = incident; k <= n && term > 0; k++) {
    tail += term;
    if (term < tail * 1e-12) break;
    term *= ((n - k) / (k + 1)) * odds;
  }
  return Math.min(1, tail);
}

const EXACT_UP_TO = 256;
const LN_FACTORIALS: number[] = (() => {
  const table = [0];
  for (let i = 1; i <= EXACT_UP_TO; i++) table.push((table[i - 1] as number) + Math.log(i));
  return table;
})();

/** ln(n!): exact sums of logarithms up to 256, Stirling's series (error below 1e-10) beyond. */
function lnFactorial(n: number): number {
  if (n <= EXACT_UP_TO) return LN_FACTORIALS[n] as number;
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

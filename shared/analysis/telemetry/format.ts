/** Numbers for one-line details: three significant digits, bytes in binary units, percent as %. */
export function formatValue(value: number, unit?: string): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit && /^bytes?$/i.test(unit)) return formatBytes(value);
  if (unit && /^bytes\/second$/i.test(unit)) return `${formatBytes(value)}/s`;
  const n = formatNumber(value);
  if (unit && /^percent$/i.test(unit)) return `${n}%`;
  if (unit && /^milliseconds$/i.test(unit)) return `${n} ms`;
  if (unit && /^seconds$/i.test(unit)) return `${n} s`;
  return n;
}

export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3)}k`;
  if (abs >= 100) return String(Math.round(value));
  return trim(value);
}

function trim(v: number): string {
  return String(Number(v.toPrecision(3)));
}

function formatBytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${trim(v)} ${units[i]}`;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${trim(ms / 1000)} s` : `${trim(ms)} ms`;
}

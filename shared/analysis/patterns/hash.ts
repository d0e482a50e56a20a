/**
 * A stable 64-bit FNV-1a hash of a string, as 16 hex digits. Pure and platform-independent, so a
 * template's id is the same on every machine and in every run.
 */
export function fnv1a64Hex(text: string): string {
  // Two 32-bit halves of the 64-bit FNV-1a state, multiplied by the 64-bit prime 0x100000001b3.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo ^= text.charCodeAt(i);
    // (hi:lo) * 0x100000001b3 = (hi:lo) * 0x1b3 + (lo << 40)
    const loMul = lo * 0x1b3;
    const newLo = loMul >>> 0;
    const carry = Math.floor(loMul / 0x100000000);
    const newHi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    hi = newHi;
    lo = newLo;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

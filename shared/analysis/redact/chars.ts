/** ASCII character-code tests for the hand-written scanners; any other code unit is "other". */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `c | 32` folds upper case onto lower case and maps no other code unit there. */
export function isLetter(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

export function isAlnum(c: number): boolean {
  return isDigit(c) || isLetter(c);
}

/** Letters, digits and `_`: characters that glue a number or a token to its neighbours. */
export function isWordChar(c: number): boolean {
  return isAlnum(c) || c === 95;
}

/** Characters a key name is made of: `db_password`, `spring.datasource.password`, `x-api-key`. */
export function isKeyChar(c: number): boolean {
  return isWordChar(c) || c === 46 || c === 45;
}

/** Space or tab. */
export function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

export function isWhitespace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

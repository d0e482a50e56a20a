/** `Name: message` of an error, or its text. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    return error.message && error.message !== error.name ? `${error.name}: ${error.message}` : error.name;
  }
  return String(error);
}

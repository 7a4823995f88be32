/** An SQL identifier in double quotes, for names read from the schema (never from a request). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

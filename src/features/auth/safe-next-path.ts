/** Only same-site paths may be returned to after login (no `//evil.example` or `https:` targets). */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

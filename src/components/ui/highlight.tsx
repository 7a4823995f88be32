/** Lower-cases ASCII letters only: the search ignores ASCII letter case and nothing else. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** `text` with every occurrence of `term` (ignoring ASCII letter case) marked. */
export function Highlight({ text, term }: { text: string; term: string | undefined }) {
  if (!term) return text;
  const haystack = asciiLower(text);
  const needle = asciiLower(term);
  const parts: (string | { match: string; at: number })[] = [];
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push({ match: text.slice(at, at + needle.length), at });
    from = at + needle.length;
  }
  if (from === 0) return text;
  if (from < text.length) parts.push(text.slice(from));
  return parts.map((part) =>
    typeof part === 'string' ? (
      part
    ) : (
      <mark key={part.at} className="rounded-sm bg-amber-200 text-inherit dark:bg-amber-400/30">
        {part.match}
      </mark>
    ),
  );
}

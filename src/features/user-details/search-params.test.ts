import { describe, expect, it } from 'vitest';
import { parseUserDetailsSearch, serializeUserDetailsSearch } from './search-params.ts';

const parse = (search: string) => parseUserDetailsSearch(new URLSearchParams(search));

describe('user page search params', () => {
  it('reads valid values and drops defaults when writing', () => {
    const { search, canonical } = parse('env=staging&status=active&from=2026-01-02&range=7d');
    expect(search).toEqual({ env: 'staging', status: 'active', from: '2026-01-02', range: '7d' });
    expect(canonical).toBe('?env=staging&status=active&from=2026-01-02&range=7d');
    expect(serializeUserDetailsSearch({ status: 'all', range: 'all' })).toBe('');
  });

  it('reads unknown values as the defaults and leaves them out of the address', () => {
    expect(parse('status=maybe&from=2026-02-30&to=x&range=1y&utm=1')).toEqual({
      search: { status: 'all', range: 'all' },
      problems: [],
      canonical: '',
    });
  });

  it('writes the parameters in one order, so an address has one canonical form', () => {
    const { canonical } = parse('range=24h&to=2026-01-03&env=production&status=expired');
    expect(canonical).toBe('?env=production&status=expired&to=2026-01-03&range=24h');
    expect(parse(canonical.slice(1)).canonical).toBe(canonical);
  });
});

import { describe, expect, it } from 'vitest';
import { changeUsersSearch, parseUsersSearch, serializeUsersSearch } from './search-params.ts';

const parse = (search: string, environments?: string[]) => parseUsersSearch(new URLSearchParams(search), environments);
const ENVS = ['production', 'staging', 'development'];

describe('parseUsersSearch', () => {
  it('reads the defaults from an empty address', () => {
    expect(parse('')).toEqual({ search: { page: 1, limit: 20 }, problems: [], canonical: '' });
  });

  it('reads valid values and writes them back in one order', () => {
    const parsed = parse('limit=50&page=3&env=staging', ENVS);
    expect(parsed.search).toEqual({ env: 'staging', page: 3, limit: 50 });
    expect(parsed.problems).toEqual([]);
    expect(parsed.canonical).toBe('?env=staging&page=3&limit=50');
  });

  it('leaves defaults and empty values out of the address without complaint', () => {
    expect(parse('page=1&limit=20&env=')).toEqual({ search: { page: 1, limit: 20 }, problems: [], canonical: '' });
  });

  it.each(['abc', '0', '-2', '2.5', '1e3', '99999999999999999999'])(
    'corrects page=%s to the first page and says so',
    (page) => {
      const parsed = parse(`page=${page}`);
      expect(parsed.search.page).toBe(1);
      expect(parsed.canonical).toBe('');
      expect(parsed.problems).toEqual([{ param: 'page', message: expect.stringContaining(`“${page}”`) }]);
    },
  );

  it('keeps a page past the end: the page itself explains it once the total is known', () => {
    expect(parse('page=999999').search.page).toBe(999999);
    expect(parse('page=999999').problems).toEqual([]);
  });

  it.each([
    ['5000', 100],
    ['101', 100],
    ['15', 20],
    ['1', 10],
    ['abc', 20],
    ['0', 20],
    ['-3', 20],
  ])('corrects limit=%s to %i rows and says so', (limit, expected) => {
    const parsed = parse(`limit=${limit}`);
    expect(parsed.search.limit).toBe(expected);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]?.param).toBe('limit');
  });

  it('takes any environment until the product’s list is known', () => {
    expect(parse('env=whatever').search.env).toBe('whatever');
  });

  it('drops an environment the product does not have, and says so', () => {
    const parsed = parse('env=nope&page=2', ENVS);
    expect(parsed.search).toEqual({ page: 2, limit: 20 });
    expect(parsed.canonical).toBe('?page=2');
    expect(parsed.problems).toEqual([{ param: 'env', message: expect.stringContaining('“nope”') }]);
  });

  it('matches an environment regardless of case', () => {
    expect(parse('env=Staging', ENVS).search.env).toBe('staging');
    expect(parse('env=Staging', ENVS).canonical).toBe('?env=staging');
  });

  it('keeps only the first of repeated values and drops unknown parameters', () => {
    expect(parse('page=2&page=5&utm=x').canonical).toBe('?page=2');
  });

  it('is stable: parsing its own canonical form changes nothing', () => {
    for (const search of ['page=abc&limit=5000&env=nope', 'env=staging&limit=15', 'page=7']) {
      const once = parse(search, ENVS);
      const twice = parse(once.canonical.slice(1), ENVS);
      expect(twice.search).toEqual(once.search);
      expect(twice.canonical).toBe(once.canonical);
      expect(twice.problems).toEqual([]);
    }
  });
});

describe('serializeUsersSearch', () => {
  it('encodes environment names safely', () => {
    expect(serializeUsersSearch({ env: 'eu west&x', page: 1, limit: 20 })).toBe('?env=eu+west%26x');
  });
});

describe('changeUsersSearch', () => {
  const current = { env: 'staging', page: 4, limit: 20 } as const;

  it('returns to page 1 when the environment changes', () => {
    expect(changeUsersSearch(current, { env: 'production' })).toEqual({ env: 'production', page: 1, limit: 20 });
    expect(changeUsersSearch(current, { env: undefined })).toEqual({ page: 1, limit: 20 });
  });

  it('returns to page 1 when the page size changes', () => {
    expect(changeUsersSearch(current, { limit: 50 })).toEqual({ env: 'staging', page: 1, limit: 50 });
  });

  it('keeps the filter when only the page changes', () => {
    expect(changeUsersSearch(current, { page: 5 })).toEqual({ env: 'staging', page: 5, limit: 20 });
  });

  it('keeps the page when nothing that filters changes', () => {
    expect(changeUsersSearch(current, { env: 'staging', limit: 20 })).toEqual(current);
  });
});

describe('search and sort in the address', () => {
  it('reads q and sort and writes them back, defaults left out', () => {
    const parsed = parse('sort=first_seen&q=Ada%40Example&env=staging', ENVS);
    expect(parsed.search).toEqual({ env: 'staging', q: 'Ada@Example', sort: 'first_seen', page: 1, limit: 20 });
    expect(parsed.canonical).toBe('?env=staging&q=Ada%40Example&sort=first_seen');
    expect(parse('sort=last_seen&q=').canonical).toBe('');
  });

  it('corrects an unknown sort and a search that is too long, and says so', () => {
    const parsed = parse(`sort=name&q=${'x'.repeat(250)}`);
    expect(parsed.search.sort).toBeUndefined();
    expect(parsed.search.q).toHaveLength(200);
    expect(parsed.problems.map((problem) => problem.param)).toEqual(['q', 'sort']);
  });

  it('a new search or order starts at page 1; clearing the search removes it', () => {
    const current = { q: 'ada', page: 4, limit: 20 } as const;
    expect(changeUsersSearch(current, { q: 'adam' })).toEqual({ q: 'adam', page: 1, limit: 20 });
    expect(changeUsersSearch(current, { sort: 'first_seen' })).toEqual({
      q: 'ada',
      sort: 'first_seen',
      page: 1,
      limit: 20,
    });
    expect(changeUsersSearch({ ...current, sort: 'first_seen' }, { sort: 'last_seen' })).toEqual({
      q: 'ada',
      page: 1,
      limit: 20,
    });
    expect(changeUsersSearch(current, { q: undefined })).toEqual({ page: 1, limit: 20 });
    expect(serializeUsersSearch(changeUsersSearch(current, { page: 5 }))).toBe('?q=ada&page=5');
  });
});

import { describe, expect, it } from 'vitest';
import { compareEnvironments, environmentKind } from './environments.ts';

describe('environmentKind', () => {
  it('knows the platform’s aliases, in any case', () => {
    expect(['production', 'prod', 'PRD', ' live '].map(environmentKind)).toEqual(Array(4).fill('production'));
    expect(['staging', 'stage', 'STG'].map(environmentKind)).toEqual(Array(3).fill('staging'));
    expect(['development', 'develop', 'dev'].map(environmentKind)).toEqual(Array(3).fill('development'));
    expect(['sandbox', 'snd', 'sbx'].map(environmentKind)).toEqual(Array(3).fill('sandbox'));
  });

  it('takes no other name for a known kind', () => {
    expect(environmentKind('production-like')).toBeUndefined();
    expect(environmentKind('eu-west-canary')).toBeUndefined();
  });
});

describe('compareEnvironments', () => {
  it('puts production first, then staging, development, sandbox, then the rest by name', () => {
    const names = ['zeta', 'sandbox', 'alpha', 'development', 'eu-west-canary', 'production', 'staging'];
    expect(names.sort(compareEnvironments)).toEqual([
      'production',
      'staging',
      'development',
      'sandbox',
      'alpha',
      'eu-west-canary',
      'zeta',
    ]);
  });

  it('ranks an alias with its kind', () => {
    expect(['qa', 'stg', 'prd', 'dev'].sort(compareEnvironments)).toEqual(['prd', 'stg', 'dev', 'qa']);
  });

  it('orders the same whatever the locale: by code point', () => {
    expect(['b', 'B', 'a', 'É'].sort(compareEnvironments)).toEqual(['B', 'a', 'b', 'É']);
  });
});

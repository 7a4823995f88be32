import { describe, expect, it } from 'vitest';
import { describeEnvironment, environmentBadgeClasses, environmentDotClasses } from './environments.ts';

describe('describeEnvironment', () => {
  it.each([
    ['production', 'Production', 'prd', 'production'],
    ['staging', 'Staging', 'stg', 'staging'],
    ['development', 'Development', 'dev', 'development'],
    ['sandbox', 'Sandbox', 'snd', 'sandbox'],
  ] as const)('%s is labelled %s (%s)', (name, label, short, tone) => {
    expect(describeEnvironment(name)).toEqual({
      name,
      label,
      short,
      tone,
      isProduction: tone === 'production',
    });
  });

  it('recognises common spellings and case, but keeps the name as sent', () => {
    expect(describeEnvironment('prod')).toMatchObject({
      name: 'prod',
      label: 'Production',
      short: 'prd',
      isProduction: true,
    });
    expect(describeEnvironment('STG')).toMatchObject({ name: 'STG', tone: 'staging', short: 'stg' });
    expect(describeEnvironment('dev')).toMatchObject({ tone: 'development', isProduction: false });
  });

  it('shows any other name as written, and never as production', () => {
    expect(describeEnvironment('eu-west-canary')).toEqual({
      name: 'eu-west-canary',
      label: 'eu-west-canary',
      short: 'eu-west-canary',
      tone: 'other',
      isProduction: false,
    });
    expect(describeEnvironment('production-like').isProduction).toBe(false);
  });
});

describe('environment colours', () => {
  it('marks production solid and every non-production environment dashed', () => {
    expect(environmentBadgeClasses('production')).toContain('border-solid');
    for (const name of ['staging', 'development', 'sandbox', 'eu-west-canary', 'qa']) {
      expect(environmentBadgeClasses(name)).toContain('border-dashed');
    }
  });

  it('gives each known environment its own colour, the same every time', () => {
    const known = ['production', 'staging', 'development', 'sandbox'].map(environmentBadgeClasses);
    expect(new Set(known).size).toBe(4);
    expect(environmentBadgeClasses('staging')).toBe(environmentBadgeClasses('stg'));
    expect(environmentDotClasses('sandbox')).toBe(environmentDotClasses('sandbox'));
  });

  it('gives an unknown environment a stable colour from its name', () => {
    expect(environmentBadgeClasses('eu-west-canary')).toBe(environmentBadgeClasses('eu-west-canary'));
    expect(environmentDotClasses('qa')).toBe(environmentDotClasses('qa'));
  });
});

export const catalogKeys = {
  all: ['catalog'] as const,
};

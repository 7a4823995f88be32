/**
 * Figures that `npm run bench:compression` and `npm run loadtest` hand to `npm run bench:issue-13`
 * (bench/issue-13.ts), which runs them and writes the "Issue 13: before → after" table from them.
 */

/** One file or answer fetched with no Accept-Encoding, gzip only, and as a browser asks (br). */
export interface WireFigures {
  label: string;
  path: string;
  /** Body bytes as sent: [identity, gzip, br]. */
  bytes: number[];
  /** Median ms on loopback: [identity, gzip, br]. */
  ms: number[];
  /** The Content-Encoding of each: [identity, gzip, br]. */
  encodings: string[];
}

export interface RevalidationFigures {
  label: string;
  path: string;
  full: { status: number; bytes: number; ms: number };
  notModified: { status: number; bytes: number; ms: number };
}

export interface CompressionFigures {
  measuredAt: string;
  loadAtStart: number;
  loadAtEnd: number;
  wire: WireFigures[];
  revalidations: RevalidationFigures[];
  /** The long history's kept copy (remade at brotli's best) and when it was first served. */
  keptCopy: { bytes: number; seconds: number };
}

/** Written with LOADTEST_FIGURES=path: what the issue-13 table needs of `npm run loadtest`. */
export interface LoadtestFigures {
  measuredAt: string;
  users: number;
  connections: number;
  durationSeconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  serverCpuMsPerRequest: number;
  loadAverage: number;
  loadAverageAfter: number;
  passed: boolean;
}

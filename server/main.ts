import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { fairRequests } from './fair-requests.ts';
import type { ThrottleOptions } from './failure-throttle.ts';
import { hostAllowList } from './host-check.ts';
import {
  baseUrl,
  closeGracefully,
  createGuardedServer,
  listen,
  nodeListener,
  StartupError,
  type ConnectionLimits,
} from './listen.ts';
import { createJsonLogger, type Logger } from './logger.ts';
import { DEFAULT_STATIC_DIR } from './project-dirs.ts';
import { hasBuiltApp } from './static.ts';
import { warmPageAnchorsInBackground } from './warm-anchors.ts';
import { fillDemoIfEmpty, openStore, type DemoSize } from './store-setup.ts';
import type { StoreOptions } from './store/dashboard-store.ts';

const SHUTDOWN_TIMEOUT_MS = 10_000;

export interface StartOptions {
  staticDir?: string;
  logger?: Logger;
  /** Where the human-readable start-up lines go (stdout by default). */
  print?: (line: string) => void;
  shutdownTimeoutMs?: number;
  /** Size of the demo data loaded into an empty store (tests keep it small). */
  demo?: DemoSize;
  throttle?: Partial<ThrottleOptions>;
  /** Store settings (the benchmarks turn the page cache off to time the queries themselves). */
  store?: StoreOptions;
  /** Headers timeout and connection cap (tests make them small). */
  limits?: Partial<ConnectionLimits>;
}

export interface RunningServer {
  server: Server;
  /** The address actually bound (PORT=0 picks a free port). */
  port: number;
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to the timeout), then closes the store. */
  stop(): Promise<void>;
}

/** config → store (with demo data when empty) → app → listen. */
export async function start(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  const store = await openStore(config.databaseUrl, options.store);
  let server: Server | undefined;
  try {
    await fillDemoIfEmpty(store, print, options.demo);
    if (!hasBuiltApp(staticDir)) {
      print(`The web app is not built (${resolve(staticDir, 'index.html')} is missing): run npm run build.`);
      print('Serving the API only until then.');
    }
    const app = createApp({
      source: store,
      token: config.token,
      ingestToken: config.ingestToken,
      staticDir,
      logger: options.logger ?? createJsonLogger(),
      throttle: options.throttle,
      allowedHosts: hostAllowList(config.host, config.allowedHosts),
      cookieSecure: config.cookieSecure,
    });
    server = createGuardedServer(fairRequests(nodeListener(app.fetch)), options.limits);
    const address = await listen(server, config.host, config.port);
    const stopWarming = warmPageAnchorsInBackground(store);
    const url = baseUrl(config.host, address.port);
    for (const line of readyLines(config, url)) print(line);
    const running = server;
    let stopping: Promise<void> | undefined;
    return {
      server: running,
      port: address.port,
      url,
      stop: () =>
        (stopping ??= closeGracefully(running, options.shutdownTimeoutMs ?? SHUTDOWN_TIMEOUT_MS).finally(async () => {
          stopWarming();
          await store.close();
        })),
    };
  } catch (error) {
    server?.close();
    await store.close();
    throw error;
  }
}

/**
 * The start-up message. Only a token this run generated is printed (in the login link); a token
 * the operator set is never printed or logged: the line says where it comes from instead.
 */
export function readyLines(config: Config, url: string): string[] {
  const ingestion =
    config.ingestToken === undefined
      ? 'Ingestion is off: set INGEST_TOKEN (at least 16 characters) to accept POST /api/ingest/sessions.'
      : 'Ingestion is on: POST /api/ingest/sessions with the INGEST_TOKEN from the environment.';
  if (!config.tokenGenerated) {
    return [
      ingestion,
      `Dashboard ready: ${url}/ (using DASHBOARD_TOKEN from the environment; sign in with it at ${url}/login)`,
    ];
  }
  return [
    'DASHBOARD_TOKEN was not set, so a random token was generated for this run (set DASHBOARD_TOKEN to keep one).',
    ingestion,
    `Dashboard ready: ${url}/?token=${encodeURIComponent(config.token)}`,
  ];
}

/** Prints a problem a person can fix as one line and exits 1; anything else keeps its stack. */
function exitWith(error: unknown): never {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
}

async function main(): Promise<void> {
  let running: RunningServer;
  try {
    running = await start(loadConfig());
  } catch (error) {
    exitWith(error);
  }
  const shutDown = (signal: NodeJS.Signals) => {
    process.stdout.write(`${signal}: finishing open requests, then stopping (press Ctrl+C again to stop at once).\n`);
    process.once(signal, () => process.exit(1));
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main();
}

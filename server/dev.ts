import { createServer as createViteServer } from 'vite';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { hostAllowList } from './host-check.ts';
import { baseUrl, closeGracefully, createGuardedServer, listen, nodeListener, StartupError } from './listen.ts';
import { readyLines } from './main.ts';
import { PROJECT_ROOT } from './project-dirs.ts';
import { fillDemoIfEmpty, openStore } from './store-setup.ts';

/**
 * `npm run dev`: one port for everything. /api and page requests carrying `?token=` go to the
 * Hono app; the rest goes to Vite in middleware mode (transforms, HMR over the same server), so
 * the dashboard reloads live and calls its API without a proxy or CORS.
 */
function sendsToApp(method: string | undefined, url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  if (path === '/api' || path.startsWith('/api/')) return true;
  if (method !== 'GET' && method !== 'HEAD') return false;
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return new URLSearchParams(query).has('token');
}

async function dev(): Promise<void> {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const config = loadConfig();
  const store = await openStore(config.databaseUrl);
  await fillDemoIfEmpty(store, print);
  const app = createApp({
    source: store,
    token: config.token,
    allowedHosts: hostAllowList(config.host, config.allowedHosts),
    cookieSecure: config.cookieSecure,
  });
  const toApp = nodeListener(app.fetch);

  const server = createGuardedServer((req, res) => {
    if (sendsToApp(req.method, req.url ?? '/')) void toApp(req, res);
    else vite.middlewares(req, res);
  });
  const vite = await createViteServer({
    root: PROJECT_ROOT,
    server: { middlewareMode: true, hmr: { server } },
    appType: 'spa',
  });

  const address = await listen(server, config.host, config.port);
  for (const line of readyLines(config, baseUrl(config.host, address.port))) {
    print(line.replace('Dashboard ready:', 'Dashboard ready (dev, hot reload):'));
  }

  const shutDown = () => {
    process.once('SIGINT', () => process.exit(1));
    void Promise.allSettled([vite.close(), closeGracefully(server, 10_000)])
      .then(() => store.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
}

dev().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) process.stderr.write(`${error.message}\n`);
  else
    process.stderr.write(`Could not start the dev server: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { precompressDir } from './server/precompress.ts';

/**
 * Writes a brotli and a gzip copy beside every text file of the build (`index.html` included),
 * so the server sends them as they are, by the request's Accept-Encoding (server/static.ts),
 * instead of compressing on every request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After every file is written, those copied from public/ included.
    async closeBundle() {
      const files = await precompressDir(outDir);
      const sum = (pick: (file: (typeof files)[number]) => number | undefined) =>
        files.reduce((total, file) => total + (pick(file) ?? file.bytes), 0);
      this.info(
        `precompressed ${files.length} files: ${sum((file) => file.bytes)} bytes, ` +
          `${sum((file) => file.br)} with brotli, ${sum((file) => file.gzip)} with gzip`,
      );
    },
  };
}

/**
 * React Router's build calls `React.forwardRef` / `createContext` / `memo` without the pure
 * annotation and then sets `displayName` on the results, so the bundler keeps every component
 * and context it defines (Form, NavLink, ScrollRestoration, the data-router hooks behind them)
 * whether or not the app uses it. Marking those calls pure and dropping the `displayName`
 * assignments (a devtools label) lets the unused ones go: about 2 kB gzipped of first-load JS.
 * Its development warnings (`warning(…)`, console messages about misuse that React's own
 * production build leaves out too) are marked pure as well: 0.9 kB more. So are a few module-level
 * constants of the data router (`new Set(…)` of request methods, the names of Object.prototype),
 * and the error boundary of data routers gets its `contextType` as a static field instead of an
 * assignment after the class, so the bundler can drop the class, which this app never renders
 * (route-error.tsx is its own): 1 kB more. `useNavigate` always takes the declarative router's
 * branch (see DATA_ROUTER_NAVIGATE).
 */
const STATIC_CONTEXT_TYPE =
  /^(var RenderErrorBoundary = class extends React\d*\.Component \{)$([\s\S]*?)^RenderErrorBoundary\.contextType = (\w+);$/m;

/** This app renders no data router, so `useNavigate` never takes the data router's branch (0.3 kB). */
const DATA_ROUTER_NAVIGATE = 'return isDataRoute ? useNavigateStable() : useNavigateUnstable();';

function pureReactRouter(): Plugin {
  return {
    name: 'pure-react-router',
    apply: 'build',
    transform: {
      filter: { id: /\/node_modules\/react-router\/dist\/.*\.mjs$/ },
      handler(code) {
        return code
          .replace(/\b(React\d*\.(?:forwardRef|createContext|memo)\()/g, '/* @__PURE__ */ $1')
          .replace(/^[A-Za-z_$][\w$]*\.displayName = "[^"\n]*";$/gm, '')
          .replace(/^(\s*)(warning|warningOnce)\(/gm, '$1/* @__PURE__ */ $2(')
          .replace(
            /^(var \w+ = )(Object\.getOwnPropertyNames\(Object\.prototype\)|new Set\()/gm,
            '$1/* @__PURE__ */ $2',
          )
          .replace(STATIC_CONTEXT_TYPE, '$1\n  static contextType = $3;$2')
          .replace(DATA_ROUTER_NAVIGATE, 'return useNavigateUnstable();');
      },
    },
  };
}

/**
 * TanStack Query's `QueryClient` builds a `MutationCache` in its constructor, so the mutation code
 * (`MutationCache`, `Mutation`, about 1 kB gzipped) ships although this app has no mutation. In the
 * build the client gets an empty stand-in instead: it answers the calls `QueryClient` itself makes
 * (no mutation is pending, none to resume, nothing to clear) and refuses to build a mutation, so a
 * `useMutation` added later fails at once, pointing here, rather than silently doing nothing.
 * Its methods for mutations, those the installed version deprecates (the app uses `query`,
 * `infiniteQuery` and the hooks) and the many-queries data getter and setter are left out of the
 * class (a class is kept whole otherwise): 0.4 kB more.
 */
const NEW_MUTATION_CACHE = 'config.mutationCache || new MutationCache()';
const NO_MUTATIONS =
  'config.mutationCache || { findAll: () => [], resumePausedMutations: () => Promise.resolve(), clear() {}, ' +
  "build() { throw new Error('This build has no mutation cache (vite.config.ts, noQueryMutations).'); } }";

const LEFT_OUT_METHODS = [
  'isMutating',
  'ensureQueryData',
  'fetchQuery',
  'prefetchQuery',
  'fetchInfiniteQuery',
  'prefetchInfiniteQuery',
  'ensureInfiniteQueryData',
  'getMutationCache',
  'setMutationDefaults',
  'getMutationDefaults',
  'defaultMutationOptions',
  'getQueriesData',
  'setQueriesData',
];

function noQueryMutations(): Plugin {
  return {
    name: 'no-query-mutations',
    apply: 'build',
    transform: {
      filter: { id: /\/node_modules\/@tanstack\/query-core\/build\/modern\/queryClient\.js$/ },
      handler(code) {
        if (!code.includes(NEW_MUTATION_CACHE))
          this.error('QueryClient no longer builds its MutationCache as expected');
        let out = code.replace(NEW_MUTATION_CACHE, NO_MUTATIONS);
        for (const method of LEFT_OUT_METHODS) {
          const body = new RegExp(`^\\t${method}\\([^)]*\\) \\{$[\\s\\S]*?^\\t\\}$`, 'm');
          if (!body.test(out)) this.error(`QueryClient has no method ${method} to leave out`);
          out = out.replace(body, '');
        }
        return out;
      },
    },
  };
}

/**
 * Vite wraps every `import()` in a helper that first adds `<link rel="modulepreload">` for the
 * chunk's own imports (and a stylesheet link for its CSS), so a page's chunks download in parallel
 * rather than one round trip after another. The stock helper (0.6 kB gzipped of first-load JS) also
 * covers what this app does not have: relative bases, CSP nonces, browsers without modulepreload,
 * links already in the page. This one does the same preloading for this build: the base is '/'
 * (checked), every supported browser knows modulepreload, and a page's CSS (none today: it is all
 * in index.html) is waited for before its code runs, as Vite does. A failed preload is left to the
 * import itself, whose error the route's error view shows.
 */
const PRELOAD_HELPER = String.raw`const seen = new Set();
export const __vitePreload = (load, deps) => {
  const styles = [];
  for (const dep of deps ?? []) {
    if (seen.has(dep)) continue;
    seen.add(dep);
    const link = document.createElement('link');
    const css = dep.endsWith('.css');
    link.rel = css ? 'stylesheet' : 'modulepreload';
    link.href = '/' + dep;
    if (css) styles.push(new Promise((done) => (link.onload = link.onerror = done)));
    document.head.append(link);
  }
  return Promise.all(styles).then(load);
};`;

function smallPreloadHelper(): Plugin {
  return {
    name: 'small-preload-helper',
    apply: 'build',
    configResolved(config) {
      if (config.base !== '/') throw new Error('smallPreloadHelper (vite.config.ts) assumes the base "/"');
    },
    transform: {
      filter: { id: /^\0vite\/preload-helper\.js$/ },
      handler(code) {
        if (!code.includes('export const __vitePreload')) this.error('Vite no longer exports __vitePreload');
        return PRELOAD_HELPER;
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), precompress(), pureReactRouter(), noQueryMutations(), smallPreloadHelper()],
  resolve: {
    alias: [
      // TanStack Store (under React Table) asks for the shim that adds useSyncExternalStore to
      // React < 18; React 19 has it, and the shim-free build is the same hook without the shim.
      {
        find: /^use-sync-external-store\/shim\/with-selector(\.js)?$/,
        replacement: 'use-sync-external-store/with-selector.js',
      },
    ],
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    // dist/.vite/manifest.json: which chunks each page loads (bench/bundle.ts measures the budget from it).
    manifest: true,
    // The users page's first-load JS has a budget (see bench/bundle-budget.json); warn well before it.
    chunkSizeWarningLimit: 400,
    // Every browser the app supports preloads modules natively; the polyfill is 0.5 kB of first-load JS.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Everything the first render needs in one chunk. Left to itself, Rolldown splits modules
        // that the entry shares with lazy pages (React Router, Query, the route table) into chunks
        // of their own, which the first visit loads all the same, each gzipped on its own: about
        // 3 kB more for the users page. The pages' own code stays in its lazy chunks.
        codeSplitting: {
          groups: [
            { name: 'index', tags: ['$initial'] },
            // What two or more pages share (UI primitives, helpers) in one chunk rather than one
            // per combination of pages: each small file gzipped on its own costs the users page
            // about 1 kB more, and a page needs most of them anyway. Except what other pages share
            // but the users page does not use, which it would otherwise load too (0.3 kB).
            {
              name: 'shared-pages',
              test: /[\\/]src[\\/](components[\\/]ui[\\/]toggle-group|lib[\\/](use-element-width|safe-path))\.tsx?$/,
              minShareCount: 2,
            },
            { name: 'shared', test: /[\\/]src[\\/](components|lib|contract|app)[\\/]|[\\/]api[\\/]/, minShareCount: 2 },
          ],
        },
      },
    },
  },
});

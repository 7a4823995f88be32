import type { DashboardStore } from '../dashboard-store.ts';
import { writeFailureReason } from './open-failure.ts';
import type { SqliteStore } from './sqlite-store.ts';

/** The SQLite store as the server and the commands use any store (server/store/dashboard-store.ts). */
export function sqliteDashboard(store: SqliteStore): DashboardStore {
  return {
    location: store.db.name,
    fetchUsers: store.fetchUsers,
    fetchUserDetails: store.fetchUserDetails,
    userById: store.userById,
    catalog: store.catalog,
    overview: store.overview,
    dataVersion: store.dataVersion,
    ingest: store.ingest,
    importUsers: store.importUsers,
    beginBulkImport: store.beginBulkImport,
    exportUsers: store.exportUsers,
    accessEpoch: store.accessEpoch,
    bumpAccessEpoch: store.bumpAccessEpoch,
    close: store.close,
    isEmpty: async () => store.isEmpty(),
    countUsers: async () => store.countUsers(),
    clear: async () => store.clear(),
    warmPageAnchors: async (sliceMs) => store.warmPageAnchors(sliceMs),
    writeFailureReason: (error) => writeFailureReason(store.db.name, error),
    bulkLoad: async (products, users, options = {}) =>
      store.bulkLoad(
        (writer) => {
          // Inside the load's write transaction: no other process can fill the file in between.
          if (options.onlyIfEmpty === true && !store.isEmpty()) return undefined;
          for (const product of products) {
            writer.registerProduct(product.tag, product.envs);
            for (const session of product.sessions) writer.registerSession(product.tag, session);
          }
          let written = 0;
          let sessions = 0;
          for (const { user, sessions: userSessions } of users()) {
            writer.insertUser(user, userSessions);
            written += 1;
            sessions += userSessions.length;
            if (written % 1_000 === 0) options.onProgress?.(written);
          }
          options.onProgress?.(written);
          return { users: written, sessions };
        },
        { onIndexing: options.onIndexing },
      ),
  };
}

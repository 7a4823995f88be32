import { SEARCH_AND_OVERVIEW } from './migration-4-search-overview.ts';

/**
 * The schema, as an ordered list. Migration N moves the database from `user_version` N-1 to N;
 * never edit one that has shipped, append a new one instead.
 *
 * Timestamps are stored as ISO-8601 UTC text in one fixed format (`2026-11-30T09:53:39.000Z`,
 * always 24 characters, written only by the store's writer). That format sorts like time, and
 * reads return it as is: a user with 10,000 sessions needs no per-row conversion.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'session users and their sessions',
    sql: `
      CREATE TABLE products (
        id  INTEGER PRIMARY KEY,
        tag TEXT NOT NULL UNIQUE
      );

      CREATE TABLE product_envs (
        product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
        env        TEXT NOT NULL,
        PRIMARY KEY (product_id, env)
      ) WITHOUT ROWID;

      CREATE TABLE product_sessions (
        id         INTEGER PRIMARY KEY,
        product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
        tag        TEXT NOT NULL,
        UNIQUE (product_id, tag)
      );

      -- One row per product session, environment and identifier (the platform's ISessionUser).
      CREATE TABLE session_users (
        id              INTEGER PRIMARY KEY,
        _id             TEXT NOT NULL CHECK (length(_id) = 24),
        ductape_user_id TEXT NOT NULL,
        session_ref     INTEGER NOT NULL REFERENCES product_sessions (id) ON DELETE CASCADE,
        env             TEXT NOT NULL,
        identifier      TEXT NOT NULL,
        first_seen      TEXT NOT NULL,
        last_seen       TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      );
      -- Uniqueness lives in named indexes (not inline UNIQUE) so a bulk load can drop and rebuild them.
      CREATE UNIQUE INDEX session_users_by_object_id ON session_users (_id);
      CREATE UNIQUE INDEX session_users_by_ductape_user_id ON session_users (ductape_user_id);
      -- Finds an identifier in every environment of a session (details, env switching).
      CREATE UNIQUE INDEX session_users_by_identifier ON session_users (session_ref, identifier, env);
      -- The users list, newest first, with and without an environment filter. Paging seeks and
      -- skips inside these indexes and reads the table only for the rows it returns.
      CREATE INDEX session_users_recent ON session_users (session_ref, last_seen DESC, _id DESC);
      CREATE INDEX session_users_recent_by_env ON session_users (session_ref, env, last_seen DESC, _id DESC);

      -- Clustered by user so one user's history is a single contiguous range.
      CREATE TABLE user_sessions (
        user_ref   INTEGER NOT NULL REFERENCES session_users (id) ON DELETE CASCADE,
        start_at   TEXT NOT NULL,
        session_id TEXT NOT NULL,
        end_at     TEXT NOT NULL,
        revoked    INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
        PRIMARY KEY (user_ref, start_at, session_id)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX user_sessions_by_session_id ON user_sessions (session_id);

      -- Users per session and environment, kept by triggers so totals never scan.
      CREATE TABLE user_counts (
        session_ref INTEGER NOT NULL REFERENCES product_sessions (id) ON DELETE CASCADE,
        env         TEXT NOT NULL,
        users       INTEGER NOT NULL CHECK (users >= 0),
        PRIMARY KEY (session_ref, env)
      ) WITHOUT ROWID;

      CREATE TRIGGER session_users_counted_on_insert AFTER INSERT ON session_users BEGIN
        INSERT INTO user_counts (session_ref, env, users) VALUES (NEW.session_ref, NEW.env, 1)
          ON CONFLICT (session_ref, env) DO UPDATE SET users = users + 1;
      END;

      CREATE TRIGGER session_users_counted_on_delete AFTER DELETE ON session_users BEGIN
        UPDATE user_counts SET users = users - 1 WHERE session_ref = OLD.session_ref AND env = OLD.env;
      END;

      CREATE TRIGGER session_users_counted_on_move AFTER UPDATE OF session_ref, env ON session_users
      WHEN OLD.session_ref IS NOT NEW.session_ref OR OLD.env IS NOT NEW.env BEGIN
        UPDATE user_counts SET users = users - 1 WHERE session_ref = OLD.session_ref AND env = OLD.env;
        INSERT INTO user_counts (session_ref, env, users) VALUES (NEW.session_ref, NEW.env, 1)
          ON CONFLICT (session_ref, env) DO UPDATE SET users = users + 1;
      END;
    `,
  },
  {
    version: 2,
    name: 'meta: small settings kept with the data (the login-cookie access epoch)',
    // IF NOT EXISTS / OR IGNORE: clearing the store (seed --reset) keeps this table and migrates again.
    sql: `
      CREATE TABLE IF NOT EXISTS meta (
        key   TEXT PRIMARY KEY,
        value NOT NULL
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO meta (key, value) VALUES ('access_epoch', 0);
    `,
  },
  {
    version: 3,
    name: 'when a session was revoked (ingest)',
    sql: `
      -- NULL: not revoked, or revoked before this column existed (revoked = 1 says so).
      ALTER TABLE user_sessions ADD COLUMN revoked_at TEXT;
    `,
  },
  {
    version: 4,
    name: 'search (trigram index), first_seen order, and overview aggregates kept on write',
    sql: SEARCH_AND_OVERVIEW,
  },
  {
    version: 5,
    name: 'the overview aggregates of inserted users and sessions, and of session updates, summed per batch by the writer',
    // Per row these triggers ran ~6 statements per ingested record (about a third of a batch's
    // time); every writer now sums them per batch (bulk-aggregates.ts, upsert-users.ts) and
    // writes each bucket once. The delete triggers and the user-update ones (rare: an hour
    // boundary) stay.
    sql: `
      DROP TRIGGER session_users_counted_on_insert;
      DROP TRIGGER session_users_hours_on_insert;
      DROP TRIGGER user_sessions_days_on_insert;
      DROP TRIGGER user_sessions_ends_on_insert;
      DROP TRIGGER user_sessions_ends_on_update;
    `,
  },
];

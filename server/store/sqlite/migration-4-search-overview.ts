/**
 * Migration 4 (issue 12): search, the first_seen order and the overview's aggregates.
 *
 * - `users_fts`: a trigram index of identifiers (FTS5, external content, `detail=none`: rowids
 *   only, about 40 MB per million users). A search for text of 3 or more characters asks it for
 *   the users holding every trigram of the text, then checks each candidate exactly.
 * - `session_users_first_seen` (+ by env): the "newest users" order, paged by seeking like the
 *   last_seen one; also the exact count of users first seen inside part of an hour.
 * - `user_hours`: users by the UTC hour of their first_seen and of their last_seen (each user is in
 *   exactly one hour of each), per session and environment. Daily new users and the rolling
 *   24 h / 7 d / 30 d windows sum whole hours and count the one partial hour in the index.
 * - `session_days`: sessions started per UTC day, and distinct users with a session started that day.
 * - `session_end_hours` / `session_ends`: sessions not revoked, by the hour and by the exact time
 *   they end, so "active now" (not revoked, end_at later than now) sums the hours after this one
 *   and counts exact ends only inside this hour. `session_ends` forgets ends more than 7 days
 *   before the start of a newly written session of the same session and environment (2 rows per
 *   write), since they can no longer be in the future: it stays about as small as the sessions
 *   still running. Ends before 30 days ago are not copied from an existing store.
 *
 * Triggers keep all of it on every write path (ingest, import, the seed's bulk load), in the
 * writer's transaction, so the figures are exact whenever a reader sees the data.
 */
export const SEARCH_AND_OVERVIEW = `
  CREATE VIRTUAL TABLE users_fts USING fts5 (
    identifier, content = 'session_users', content_rowid = 'id',
    tokenize = 'trigram case_sensitive 0', detail = none
  );
  INSERT INTO users_fts (users_fts) VALUES ('rebuild');

  CREATE TRIGGER session_users_indexed_on_insert AFTER INSERT ON session_users BEGIN
    INSERT INTO users_fts (rowid, identifier) VALUES (NEW.id, NEW.identifier);
  END;
  CREATE TRIGGER session_users_indexed_on_delete AFTER DELETE ON session_users BEGIN
    INSERT INTO users_fts (users_fts, rowid, identifier) VALUES ('delete', OLD.id, OLD.identifier);
  END;
  CREATE TRIGGER session_users_indexed_on_rename AFTER UPDATE OF identifier ON session_users
  WHEN OLD.identifier IS NOT NEW.identifier BEGIN
    INSERT INTO users_fts (users_fts, rowid, identifier) VALUES ('delete', OLD.id, OLD.identifier);
    INSERT INTO users_fts (rowid, identifier) VALUES (NEW.id, NEW.identifier);
  END;

  CREATE INDEX session_users_first_seen ON session_users (session_ref, first_seen DESC, _id DESC);
  CREATE INDEX session_users_first_seen_by_env ON session_users (session_ref, env, first_seen DESC, _id DESC);

  CREATE TABLE user_hours (
    session_ref      INTEGER NOT NULL REFERENCES product_sessions (id) ON DELETE CASCADE,
    env              TEXT NOT NULL,
    hour             TEXT NOT NULL, -- 'YYYY-MM-DDTHH' (UTC)
    first_seen_users INTEGER NOT NULL DEFAULT 0,
    last_seen_users  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_ref, env, hour)
  ) WITHOUT ROWID;

  INSERT INTO user_hours (session_ref, env, hour, first_seen_users, last_seen_users)
  SELECT session_ref, env, hour, sum(first), sum(last) FROM (
    SELECT session_ref, env, substr(first_seen, 1, 13) AS hour, 1 AS first, 0 AS last FROM session_users
    UNION ALL
    SELECT session_ref, env, substr(last_seen, 1, 13), 0, 1 FROM session_users
  ) GROUP BY session_ref, env, hour;

  CREATE TRIGGER session_users_hours_on_insert AFTER INSERT ON session_users BEGIN
    INSERT INTO user_hours (session_ref, env, hour, first_seen_users)
      VALUES (NEW.session_ref, NEW.env, substr(NEW.first_seen, 1, 13), 1)
      ON CONFLICT DO UPDATE SET first_seen_users = first_seen_users + 1;
    INSERT INTO user_hours (session_ref, env, hour, last_seen_users)
      VALUES (NEW.session_ref, NEW.env, substr(NEW.last_seen, 1, 13), 1)
      ON CONFLICT DO UPDATE SET last_seen_users = last_seen_users + 1;
  END;
  CREATE TRIGGER session_users_hours_on_delete AFTER DELETE ON session_users BEGIN
    UPDATE user_hours SET first_seen_users = first_seen_users - 1
      WHERE session_ref = OLD.session_ref AND env = OLD.env AND hour = substr(OLD.first_seen, 1, 13);
    UPDATE user_hours SET last_seen_users = last_seen_users - 1
      WHERE session_ref = OLD.session_ref AND env = OLD.env AND hour = substr(OLD.last_seen, 1, 13);
  END;
  CREATE TRIGGER session_users_first_hour_on_update AFTER UPDATE OF first_seen, session_ref, env ON session_users
  WHEN substr(OLD.first_seen, 1, 13) IS NOT substr(NEW.first_seen, 1, 13)
    OR OLD.session_ref IS NOT NEW.session_ref OR OLD.env IS NOT NEW.env BEGIN
    UPDATE user_hours SET first_seen_users = first_seen_users - 1
      WHERE session_ref = OLD.session_ref AND env = OLD.env AND hour = substr(OLD.first_seen, 1, 13);
    INSERT INTO user_hours (session_ref, env, hour, first_seen_users)
      VALUES (NEW.session_ref, NEW.env, substr(NEW.first_seen, 1, 13), 1)
      ON CONFLICT DO UPDATE SET first_seen_users = first_seen_users + 1;
  END;
  CREATE TRIGGER session_users_last_hour_on_update AFTER UPDATE OF last_seen, session_ref, env ON session_users
  WHEN substr(OLD.last_seen, 1, 13) IS NOT substr(NEW.last_seen, 1, 13)
    OR OLD.session_ref IS NOT NEW.session_ref OR OLD.env IS NOT NEW.env BEGIN
    UPDATE user_hours SET last_seen_users = last_seen_users - 1
      WHERE session_ref = OLD.session_ref AND env = OLD.env AND hour = substr(OLD.last_seen, 1, 13);
    INSERT INTO user_hours (session_ref, env, hour, last_seen_users)
      VALUES (NEW.session_ref, NEW.env, substr(NEW.last_seen, 1, 13), 1)
      ON CONFLICT DO UPDATE SET last_seen_users = last_seen_users + 1;
  END;

  CREATE TABLE session_days (
    session_ref      INTEGER NOT NULL REFERENCES product_sessions (id) ON DELETE CASCADE,
    env              TEXT NOT NULL,
    day              TEXT NOT NULL, -- 'YYYY-MM-DD' (UTC)
    sessions_started INTEGER NOT NULL DEFAULT 0,
    users_seen       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_ref, env, day)
  ) WITHOUT ROWID;

  -- Sessions are clustered by (user_ref, start_at): the inner grouping streams without a sort.
  INSERT INTO session_days (session_ref, env, day, sessions_started, users_seen)
  SELECT u.session_ref, u.env, d.day, sum(d.sessions), count(*)
    FROM (SELECT user_ref, substr(start_at, 1, 10) AS day, count(*) AS sessions
            FROM user_sessions GROUP BY user_ref, day) AS d
    JOIN session_users AS u ON u.id = d.user_ref
   GROUP BY u.session_ref, u.env, d.day;

  CREATE TRIGGER user_sessions_days_on_insert AFTER INSERT ON user_sessions BEGIN
    INSERT INTO session_days (session_ref, env, day, sessions_started, users_seen)
      SELECT session_ref, env, substr(NEW.start_at, 1, 10), 1,
             NOT EXISTS (SELECT 1 FROM user_sessions
                          WHERE user_ref = NEW.user_ref
                            AND start_at >= substr(NEW.start_at, 1, 10) || 'T'
                            AND start_at < substr(NEW.start_at, 1, 10) || 'U'
                            AND session_id <> NEW.session_id)
        FROM session_users WHERE id = NEW.user_ref
      ON CONFLICT DO UPDATE SET sessions_started = sessions_started + 1, users_seen = users_seen + excluded.users_seen;
  END;
  CREATE TRIGGER user_sessions_days_on_delete AFTER DELETE ON user_sessions BEGIN
    UPDATE session_days SET
        sessions_started = sessions_started - 1,
        users_seen = users_seen - NOT EXISTS (SELECT 1 FROM user_sessions
                                               WHERE user_ref = OLD.user_ref
                                                 AND start_at >= substr(OLD.start_at, 1, 10) || 'T'
                                                 AND start_at < substr(OLD.start_at, 1, 10) || 'U')
      WHERE (session_ref, env) = (SELECT session_ref, env FROM session_users WHERE id = OLD.user_ref)
        AND day = substr(OLD.start_at, 1, 10);
  END;

  CREATE TABLE session_end_hours (
    session_ref INTEGER NOT NULL REFERENCES product_sessions (id) ON DELETE CASCADE,
    env         TEXT NOT NULL,
    hour        TEXT NOT NULL, -- 'YYYY-MM-DDTHH' (UTC) of end_at
    sessions    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_ref, env, hour)
  ) WITHOUT ROWID;

  CREATE TABLE session_ends (
    session_ref INTEGER NOT NULL REFERENCES product_sessions (id) ON DELETE CASCADE,
    env         TEXT NOT NULL,
    end_at      TEXT NOT NULL,
    sessions    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_ref, env, end_at)
  ) WITHOUT ROWID;

  INSERT INTO session_end_hours (session_ref, env, hour, sessions)
  SELECT u.session_ref, u.env, substr(s.end_at, 1, 13) AS hour, count(*)
    FROM user_sessions AS s JOIN session_users AS u ON u.id = s.user_ref
   WHERE s.revoked = 0 AND s.end_at >= date('now', '-30 days')
   GROUP BY u.session_ref, u.env, hour;

  INSERT INTO session_ends (session_ref, env, end_at, sessions)
  SELECT u.session_ref, u.env, s.end_at, count(*)
    FROM user_sessions AS s JOIN session_users AS u ON u.id = s.user_ref
   WHERE s.revoked = 0 AND s.end_at >= date('now', '-30 days')
   GROUP BY u.session_ref, u.env, s.end_at;

  CREATE TRIGGER user_sessions_ends_on_insert AFTER INSERT ON user_sessions WHEN NEW.revoked = 0 BEGIN
    INSERT INTO session_end_hours (session_ref, env, hour, sessions)
      SELECT session_ref, env, substr(NEW.end_at, 1, 13), 1 FROM session_users WHERE id = NEW.user_ref
      ON CONFLICT DO UPDATE SET sessions = sessions + 1;
    INSERT INTO session_ends (session_ref, env, end_at, sessions)
      SELECT session_ref, env, NEW.end_at, 1 FROM session_users WHERE id = NEW.user_ref
      ON CONFLICT DO UPDATE SET sessions = sessions + 1;
    DELETE FROM session_ends WHERE (session_ref, env, end_at) IN (
      SELECT e.session_ref, e.env, e.end_at
        FROM session_users AS u JOIN session_ends AS e ON e.session_ref = u.session_ref AND e.env = u.env
       WHERE u.id = NEW.user_ref AND e.end_at < date(NEW.start_at, '-7 days') LIMIT 2);
  END;
  CREATE TRIGGER user_sessions_ends_on_delete AFTER DELETE ON user_sessions WHEN OLD.revoked = 0 BEGIN
    UPDATE session_end_hours SET sessions = sessions - 1
     WHERE (session_ref, env) = (SELECT session_ref, env FROM session_users WHERE id = OLD.user_ref)
       AND hour = substr(OLD.end_at, 1, 13);
    UPDATE session_ends SET sessions = sessions - 1
     WHERE (session_ref, env) = (SELECT session_ref, env FROM session_users WHERE id = OLD.user_ref)
       AND end_at = OLD.end_at;
  END;
  CREATE TRIGGER user_sessions_ends_on_update AFTER UPDATE OF end_at, revoked ON user_sessions
  WHEN OLD.end_at IS NOT NEW.end_at OR OLD.revoked IS NOT NEW.revoked BEGIN
    UPDATE session_end_hours SET sessions = sessions - 1
     WHERE OLD.revoked = 0
       AND (session_ref, env) = (SELECT session_ref, env FROM session_users WHERE id = OLD.user_ref)
       AND hour = substr(OLD.end_at, 1, 13);
    UPDATE session_ends SET sessions = sessions - 1
     WHERE OLD.revoked = 0
       AND (session_ref, env) = (SELECT session_ref, env FROM session_users WHERE id = OLD.user_ref)
       AND end_at = OLD.end_at;
    INSERT INTO session_end_hours (session_ref, env, hour, sessions)
      SELECT session_ref, env, substr(NEW.end_at, 1, 13), 1 FROM session_users
       WHERE id = NEW.user_ref AND NEW.revoked = 0
      ON CONFLICT DO UPDATE SET sessions = sessions + 1;
    INSERT INTO session_ends (session_ref, env, end_at, sessions)
      SELECT session_ref, env, NEW.end_at, 1 FROM session_users
       WHERE id = NEW.user_ref AND NEW.revoked = 0
      ON CONFLICT DO UPDATE SET sessions = sessions + 1;
  END;
`;

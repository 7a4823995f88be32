import { parseIsoTime, type SessionRecord, type UserDocument } from '../../src/contract/ingest.ts';
import type { RecordProblem } from '../../src/contract/session-users.ts';
import { StoreError } from './source.ts';
import { storedTime } from './stored-time.ts';
import type { UserChange } from './ingest-plan.ts';

/** A contract time (already validated) in the stored format. */
function stored(time: string): string {
  const ms = parseIsoTime(time);
  if (ms === undefined) throw new StoreError('invalid', `Not a valid time: ${JSON.stringify(time)}`);
  // Already in the stored format (an export): the same text, without building it again.
  return time.length === 24 && time.endsWith('Z') && time[19] === '.' ? time : storedTime(ms);
}

/**
 * Session records → one change per user (product, session, env, identifier): a new user's
 * first_seen is the earliest start_at of its records, last_seen the latest seen_at (default
 * start_at). Records of one user that name different ductape_user_ids are problems.
 */
export function changesFromRecords(records: readonly SessionRecord[]): {
  changes: UserChange[];
  problems: RecordProblem[];
} {
  const users = new Map<string, UserChange>();
  const problems: RecordProblem[] = [];
  records.forEach((record, index) => {
    const key = JSON.stringify([record.product, record.session, record.env, record.identifier]);
    const startAt = stored(record.start_at);
    const seenAt = record.seen_at === undefined ? startAt : stored(record.seen_at);
    const revokedAt = record.revoked_at == null ? null : stored(record.revoked_at);
    const session = {
      index,
      at: '',
      session_id: record.session_id,
      start_at: startAt,
      end_at: stored(record.end_at),
      revoked: revokedAt !== null,
      revoked_at: revokedAt,
    };
    let user = users.get(key);
    if (user === undefined) {
      user = {
        index,
        product: record.product,
        session: record.session,
        env: record.env,
        identifier: record.identifier,
        ductape_user_id: record.ductape_user_id,
        first_seen: startAt,
        last_seen: seenAt,
        sessions: [],
      };
      users.set(key, user);
    } else {
      if (record.ductape_user_id !== undefined) {
        if (user.ductape_user_id === undefined) user.ductape_user_id = record.ductape_user_id;
        else if (user.ductape_user_id !== record.ductape_user_id) {
          problems.push({
            index,
            field: 'ductape_user_id',
            message: `record ${user.index} of this batch gives this user ductape_user_id "${user.ductape_user_id}"`,
          });
        }
      }
      if (startAt < user.first_seen) user.first_seen = startAt;
      if (seenAt > user.last_seen) user.last_seen = seenAt;
    }
    user.sessions.push(session);
  });
  return { changes: [...users.values()], problems };
}

/** User documents → changes that keep the given ids and times. */
export function changesFromDocuments(docs: readonly UserDocument[]): UserChange[] {
  return docs.map((doc, index) => ({
    index,
    product: doc.product_tag,
    session: doc.session_tag,
    env: doc.env,
    identifier: doc.identifier,
    _id: doc._id.toLowerCase(),
    ductape_user_id: doc.ductape_user_id,
    first_seen: stored(doc.first_seen),
    last_seen: stored(doc.last_seen),
    created_at: stored(doc.createdAt),
    updated_at: stored(doc.updatedAt),
    sessions: doc.sessions.map((session, position) => {
      const revokedAt = session.revoked_at == null ? null : stored(session.revoked_at);
      return {
        index,
        at: `sessions.${position}.`,
        session_id: session.session_id,
        start_at: stored(session.start_at),
        end_at: stored(session.end_at),
        revoked: session.revoked === true || revokedAt !== null,
        revoked_at: revokedAt,
      };
    }),
  }));
}

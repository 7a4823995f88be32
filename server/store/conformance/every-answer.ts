import type { UserDocument } from '../../../src/contract/ingest.ts';
import type { SessionUsersSource } from '../source.ts';

export async function exported(
  store: SessionUsersSource,
  options?: { product?: string; session?: string },
): Promise<UserDocument[]> {
  const docs: UserDocument[] = [];
  for await (const doc of store.exportUsers(options)) docs.push(doc);
  return docs;
}

/** Imports in batches (as the import command does) and adds up the results. */
export async function importAll(store: SessionUsersSource, docs: readonly UserDocument[], batch = 100) {
  const totals = { accepted: 0, users_created: 0, sessions_created: 0, sessions_updated: 0 };
  for (let i = 0; i < docs.length; i += batch) {
    const result = await store.importUsers(docs.slice(i, i + batch));
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result[key];
  }
  return totals;
}

/** Every answer of every read method, over every list page and every user. */
export async function everyAnswer(store: SessionUsersSource): Promise<unknown[]> {
  const answers: unknown[] = [];
  const catalog = await store.catalog();
  answers.push(catalog);
  for (const product of catalog.products) {
    for (const session of product.sessions) {
      for (const env of [undefined, ...product.envs]) {
        for (let page = 1; ; page++) {
          const list = await store.fetchUsers({ product: product.tag, session: session.tag, env, page, limit: 100 });
          answers.push(list);
          for (const user of list.users) {
            if (env === undefined) {
              answers.push(await store.userById(user.ductape_user_id));
              answers.push(
                await store.fetchUserDetails({
                  product: product.tag,
                  session: session.tag,
                  identifier: user.identifier,
                }),
              );
            }
            answers.push(
              await store.fetchUserDetails({
                product: product.tag,
                session: session.tag,
                identifier: user.identifier,
                env,
              }),
            );
          }
          if (page >= list.totalPages) break;
        }
      }
    }
  }
  return answers;
}

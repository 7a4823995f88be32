import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { userDetailsSchema } from '../../src/contract/session-users.ts';
import { DEFAULTS } from '../config.ts';
import { PROJECT_ROOT } from '../project-dirs.ts';
import { tempDir, TOKEN, USERS_PATH } from './helpers.ts';
import { startServerProcess } from './server-process.ts';

/**
 * README "Send your data": the commands run as pasted. The dashboard starts the way the README
 * says (its INGEST_TOKEN line), and the curl example is run by a shell word for word; only the
 * address changes, from the default port the README names to the port this test's server got.
 */
const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## Send your data'),
  readme.indexOf('\n## ', readme.indexOf('## Send your data') + 1),
);
const shellBlocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] as string);

const dir = tempDir('readme-send-your-data');
afterAll(() => dir.remove());

describe('README "Send your data"', () => {
  it('turns ingestion on with INGEST_TOKEN, and the curl example works as pasted', async () => {
    const startLine = shellBlocks.map((block) => /^INGEST_TOKEN=(\S+) npm start$/m.exec(block)).find(Boolean);
    expect(startLine, 'the README starts the dashboard with INGEST_TOKEN=… npm start').toBeTruthy();
    const ingestToken = startLine?.[1] as string;
    const curlBlock = shellBlocks.find((block) => block.startsWith('curl '));
    expect(curlBlock, 'the README has a curl example').toBeDefined();
    const [command = '', expected = ''] = (curlBlock as string).split(/\n# /);
    const address = `http://${DEFAULTS.host}:${DEFAULTS.port}`;
    expect(command).toContain(`${address}/api/ingest/sessions`);
    expect(command).toContain(`Bearer ${ingestToken}`);

    const server = await startServerProcess({
      INGEST_TOKEN: ingestToken,
      DASHBOARD_TOKEN: TOKEN,
      DATABASE_URL: `file:${join(dir.path, 'dashboard.db')}`,
    });
    try {
      const answer = execFileSync('sh', ['-c', command.replace(address, server.url)], { encoding: 'utf8' });
      expect(JSON.parse(answer)).toEqual(JSON.parse(expected));

      // The record is in the store: the dashboard shows the new user with the session sent.
      const sent = JSON.parse(/-d '(.*)'\s*$/s.exec(command)?.[1] ?? '{}') as {
        records: { identifier: string; session_id: string; env: string }[];
      };
      const [record] = sent.records;
      const response = await fetch(
        `${server.url}${USERS_PATH}/${encodeURIComponent(record?.identifier ?? '')}?env=${record?.env}`,
        { headers: { Authorization: `Bearer ${TOKEN}` } },
      );
      expect(response.status).toBe(200);
      const user = userDetailsSchema.parse(await response.json());
      expect(user.sessions.map((session) => session.session_id)).toEqual([record?.session_id]);

      // Sent again as pasted: idempotent, nothing created twice.
      const again = execFileSync('sh', ['-c', command.replace(address, server.url)], { encoding: 'utf8' });
      expect(JSON.parse(again)).toEqual({ accepted: 1, users_created: 0, sessions_created: 0, sessions_updated: 0 });
    } finally {
      server.child.kill('SIGTERM');
      await server.output;
    }
  }, 120_000);
});

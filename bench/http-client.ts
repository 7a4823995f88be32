import { Agent, request } from 'node:http';

/**
 * A lean keep-alive HTTP GET (node:http, one socket reused), so what it times is the server and
 * the loopback, not a heavy client. Resolves with the status and the body's length.
 */
export function createHttpClient(baseUrl: string, token: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(baseUrl);
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  const get = (path: string): Promise<{ status: number; bytes: number }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: hostname, port, path, agent, headers }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  return { get, close: () => agent.destroy() };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { fairRequests } from '../fair-requests.ts';

/** Resolves after the event loop has gone round once more (a setImmediate queued now runs last). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function fakeRequests(count: number) {
  return Array.from({ length: count }, (_, id) => ({
    request: { id, socket: { destroyed: false } } as unknown as IncomingMessage & { id: number },
    response: {} as ServerResponse,
  }));
}

describe('fairRequests', () => {
  it('hands requests on in arrival order, at most perTurn per event-loop turn', async () => {
    const handled: number[] = [];
    const listener = fairRequests((request) => void handled.push((request as IncomingMessage & { id: number }).id), 3);
    for (const { request, response } of fakeRequests(8)) listener(request, response);
    expect(handled).toEqual([]);
    await nextTurn();
    expect(handled).toEqual([0, 1, 2]);
    await nextTurn();
    expect(handled).toEqual([0, 1, 2, 3, 4, 5]);
    await nextTurn();
    expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    // Later requests start a fresh queue and are served on the next turn.
    for (const { request, response } of fakeRequests(2)) listener(request, response);
    await nextTurn();
    expect(handled.slice(8)).toEqual([0, 1]);
  });

  it('drops a request whose client went away while it waited', async () => {
    const handled: number[] = [];
    const listener = fairRequests((request) => void handled.push((request as IncomingMessage & { id: number }).id), 2);
    const requests = fakeRequests(3);
    for (const { request, response } of requests) listener(request, response);
    (requests[1]?.request.socket as { destroyed: boolean }).destroyed = true;
    await nextTurn();
    await nextTurn();
    expect(handled).toEqual([0, 2]);
  });
});

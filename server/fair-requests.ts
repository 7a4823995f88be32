import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** Requests handled per event-loop turn when many are waiting (measured on 2 CPUs: 16 keeps throughput). */
export const REQUESTS_PER_TURN = 16;

/**
 * Hands requests to `listener` in arrival order, at most `perTurn` per event-loop turn.
 *
 * Why: since libuv 1.45 (Node 20) a server accepts one new connection per event-loop turn, and a
 * turn runs every request that arrived on the open connections. Under load a turn grows with the
 * number of busy connections (200 connections × about 1 ms), so new connections waited seconds to
 * be accepted, and some clients timed out after 10 s although every request the server had was
 * answered in under a second (see docs/reliability.md, Load). Bounding the work per turn keeps
 * turns short, so waiting connections are accepted within a few turns, and everyone is served in turn.
 */
export function fairRequests(listener: RequestListener, perTurn = REQUESTS_PER_TURN): RequestListener {
  const waiting: [IncomingMessage, ServerResponse][] = [];
  let head = 0;
  let scheduled = false;

  const runSome = () => {
    scheduled = false;
    for (let handled = 0; handled < perTurn && head < waiting.length; handled++) {
      const [request, response] = waiting[head] as [IncomingMessage, ServerResponse];
      waiting[head] = undefined as never;
      head += 1;
      // The client gave up while waiting: nothing to answer.
      if (request.socket.destroyed) continue;
      void listener(request, response);
    }
    if (head === waiting.length) {
      waiting.length = 0;
      head = 0;
    } else {
      schedule();
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(runSome);
  };

  return (request, response) => {
    waiting.push([request, response]);
    schedule();
  };
}

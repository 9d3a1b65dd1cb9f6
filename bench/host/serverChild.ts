/**
 * The local provider server in a process of its own, for bench:host: its CPU is then not the host's, and the
 * host's event loop does not pace the server's writes. It stamps each body write and each close with the shared
 * clock; the parent (serverClient.ts) queues scenarios and reads the stamps over IPC, between runs only.
 */
import { startProviderServer, type Scenario } from '../../test/server/providerServer';
import { stampNow } from './clock';

export type Call = { type: 'enqueue'; scenario: Scenario } | { type: 'stamps'; model: string };
export type ToChild = Call & { id: number };
export interface RequestStamps {
  writeTimes: number[];
  closedAt: number;
  clientDisconnected: boolean;
}
export type FromChild = { type: 'listening'; url: string } | { id: number; ok: true; stamps?: RequestStamps } | { id: number; ok: false; error: string };

async function main(): Promise<void> {
  const server = await startProviderServer({ stamp: stampNow });
  const send = (m: FromChild) => process.send?.(m);
  process.on('message', (m: ToChild) => {
    void (async () => {
      if (m.type === 'enqueue') {
        server.enqueue(m.scenario);
        send({ id: m.id, ok: true });
        return;
      }
      // The request the parent named by its (unique) model, once its exchange is over.
      const r = server.requests.find((q) => q.body.model === m.model);
      if (!r) {
        send({ id: m.id, ok: false, error: `no request for ${m.model}` });
        return;
      }
      await r.ended;
      // Stamps are only kept until read: a long run would otherwise hold every write time of every request.
      server.requests.splice(server.requests.indexOf(r), 1);
      send({ id: m.id, ok: true, stamps: { writeTimes: r.writeTimes ?? [], closedAt: r.closedAt ?? NaN, clientDisconnected: r.clientDisconnected } });
    })().catch((err: unknown) => send({ id: m.id, ok: false, error: String(err) }));
  });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
  send({ type: 'listening', url: server.url });
}

void main();

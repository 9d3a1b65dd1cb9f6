import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Scenario } from '../../test/server/providerServer';
import type { Call, FromChild, RequestStamps } from './serverChild';

/** The parent's handle on serverChild.ts. */
export class StampedServer {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: RequestStamps | undefined) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess, readonly url: string) {
    child.on('message', (m: FromChild) => {
      if (!('id' in m)) return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve(m.stamps);
      else p?.reject(new Error(m.error));
    });
  }

  static async start(): Promise<StampedServer> {
    const child = fork(path.join(__dirname, 'serverChild.ts'), [], { execArgv: ['--require', 'tsx/cjs'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const url = await new Promise<string>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`provider server exited (${code})`)));
      child.on('message', (m: FromChild) => {
        if ('type' in m && m.type === 'listening') resolve(m.url);
      });
    });
    return new StampedServer(child, url);
  }

  get openaiBaseUrl(): string {
    return `${this.url}/v1`;
  }

  get anthropicBaseUrl(): string {
    return this.url;
  }

  private call(m: Call): Promise<RequestStamps | undefined> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...m, id });
    });
  }

  async enqueue(scenario: Scenario): Promise<void> {
    await this.call({ type: 'enqueue', scenario });
  }

  /** The stamps of the request that asked for `model`, once it is over. */
  async stamps(model: string): Promise<RequestStamps> {
    const s = await this.call({ type: 'stamps', model });
    if (!s) throw new Error(`no stamps for ${model}`);
    return s;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.disconnect();
    });
  }
}

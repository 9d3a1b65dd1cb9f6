import type { HostMessage } from '../../src/core/protocol';
import { parseHostMessage } from '../../src/core/protocolParse';
import { stampNow } from './clock';

/** The text had reached `length` characters at `at` (ms, shared clock). */
export interface Arrival {
  at: number;
  length: number;
}

/** The stand-in panel: what ChatView.post does before VS Code's postMessage (validate, keep), plus a stamp. */
export class StandInPanel {
  readonly arrivals: Arrival[] = [];
  readonly messages: HostMessage[] = [];
  private length = 0;
  onText?: (length: number) => void;

  post(m: HostMessage): void {
    const at = stampNow();
    if (!parseHostMessage(m)) throw new Error(`invalid message ${m.type}`);
    this.messages.push(m);
    if (m.type !== 'delta') return;
    this.length += m.text.length;
    this.arrivals.push({ at, length: this.length });
    this.onText?.(this.length);
  }
}

import { answerDraft, type EstimateSource } from './draftEstimate';
import type { ChatEngineDeps } from './engineDeps';
import type { WebviewMessage } from './protocol';

/** What the panel's messages drive in the engine. */
export interface PanelTarget extends EstimateSource {
  /** The panel (re)loaded: send it the conversation and the current model. */
  ready(): void;
  ask(text: string): Promise<void>;
  cancel(turnId: string): Promise<void>;
  retry(turnId: string): Promise<void>;
  continue(turnId: string): Promise<void>;
  newChat(): Promise<void>;
}

/** A validated message from the panel to the engine, or to the host for what needs vscode (picker, links, editor). */
export async function routePanelMessage(message: WebviewMessage, engine: PanelTarget, host: Pick<ChatEngineDeps, 'onSelectModel' | 'onAction' | 'onInsertCode' | 'onOpenLink' | 'onSetPrice' | 'post' | 'loadTokenCounter' | 'tokenizerGate'>): Promise<void> {
  switch (message.type) {
    case 'ready':
      return engine.ready();
    case 'ask':
      return engine.ask(message.text);
    case 'cancel':
      return engine.cancel(message.turnId);
    case 'retry':
      return engine.retry(message.turnId);
    case 'continue':
      return engine.continue(message.turnId);
    case 'new-chat':
      return engine.newChat();
    case 'select-model':
      return host.onSelectModel?.();
    case 'run-action':
      return host.onAction?.(message.action);
    case 'insert-code':
      return host.onInsertCode?.(message.code, message.language);
    case 'open-link':
      return host.onOpenLink?.(message.href);
    case 'draft':
      // An empty box has nothing to estimate (the panel clears its line itself).
      return message.text.trim() ? answerDraft(engine, host, message.text, message.seq) : undefined;
    case 'set-price':
      return host.onSetPrice?.(message.provider, message.model);
    default: {
      const never: never = message;
      return never;
    }
  }
}

import { parseHostMessage, type HostMessage } from '../core/protocol';
import { el } from './dom';
import { TurnView } from './turnView';
import { send } from './vscodeApi';

/** The panel: builds its own DOM in an empty <body>, renders host messages, sends the user's questions. */
class Panel {
  private readonly turns = new Map<string, TurnView>();
  private readonly list = el('main', { class: 'turns', attrs: { role: 'log', 'aria-live': 'polite', 'data-role': 'turns' } });
  private readonly empty = el('div', { class: 'empty', attrs: { 'data-role': 'empty' } },
    el('p', { text: 'Select code in an editor and run “Stream Explain: Explain Selection” (Ctrl+Alt+E, or right-click).' }),
    el('p', { text: 'The explanation streams in here; ask follow-up questions below.' }));
  private readonly input = el('textarea', { class: 'ask-input', attrs: { rows: '2', placeholder: 'Ask a follow-up… (Enter to send, Shift+Enter for a new line)', 'aria-label': 'Ask a follow-up question', 'data-role': 'ask-input' } });

  mount(): void {
    const form = el('form', { class: 'composer', attrs: { 'data-role': 'composer' } },
      this.input,
      el('button', { class: 'send', text: 'Send', attrs: { type: 'submit', 'data-role': 'send' } }));
    form.addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.submit(); }
    });
    const newChat = el('button', { class: 'new-chat', text: 'New chat', attrs: { type: 'button', 'data-role': 'new-chat', title: 'Start a new conversation' } });
    newChat.addEventListener('click', () => send({ type: 'new-chat' }));
    document.body.append(el('div', { class: 'app' }, el('header', { class: 'toolbar' }, newChat), this.empty, this.list, form));
    window.addEventListener('message', (e: MessageEvent) => {
      const m = parseHostMessage(e.data);
      if (m) this.handle(m);
      else console.warn('Stream Explain: dropped an invalid message from the host');
    });
    send({ type: 'ready' });
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    send({ type: 'ask', text });
    this.input.value = '';
  }

  private handle(m: HostMessage): void {
    // Follow the stream only if the reader was at the bottom before this message grew the page.
    const follow = this.atBottom();
    this.apply(m);
    if (follow) this.scrollToBottom();
  }

  private apply(m: HostMessage): void {
    switch (m.type) {
      case 'turn-start':
        this.add(new TurnView(m.turnId, m.prompt, m.provider, m.model));
        return;
      case 'delta':
        this.turns.get(m.turnId)?.append(m.text);
        return;
      case 'turn-status':
        this.turns.get(m.turnId)?.setStatus(m.text);
        return;
      case 'turn-end':
        this.turns.get(m.turnId)?.end(m);
        return;
      case 'turn-error':
        this.turns.get(m.turnId)?.fail(m.error, m.partialText);
        return;
      case 'history':
        this.clear();
        for (const t of m.turns) this.add(TurnView.fromSnapshot(t));
        return;
      case 'clear':
        this.clear();
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  private add(view: TurnView): void {
    this.turns.set(view.turnId, view);
    this.list.append(view.root);
    this.empty.hidden = true;
  }

  private clear(): void {
    this.turns.clear();
    this.list.replaceChildren();
    this.empty.hidden = false;
  }

  private atBottom(): boolean {
    const s = document.scrollingElement ?? document.documentElement;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 40;
  }

  private scrollToBottom(): void {
    const s = document.scrollingElement ?? document.documentElement;
    s.scrollTop = s.scrollHeight;
  }
}

new Panel().mount();

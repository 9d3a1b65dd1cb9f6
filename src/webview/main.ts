import type { HostMessage } from '../core/protocol';
import { parseHostMessage } from '../core/protocolParse';
import { Announcer } from './a11y/announcer';
import { installKeyboard } from './a11y/keyboard';
import { installAnswerActions } from './answerActions';
import { FRAME_BUDGET_MS } from './markdown/incrementalRenderer';
import { warmUpRenderer } from './markdown/warmUp';
import { warmUpLayout } from './layoutWarmUp';
import { el } from './dom';
import { FrameScheduler } from './frameScheduler';
import { ModelButton } from './modelButton';
import { DraftEstimateLine } from './draftEstimate';
import { ScrollFollower } from './scrollFollower';
import { TurnView } from './turnView';
import { send } from './vscodeApi';

/**
 * The panel: builds its own DOM in an empty <body>, renders host messages, sends the user's questions.
 * Messages only queue work; rendering happens once per animation frame (FrameScheduler). The scroll follower keeps
 * the newest text in view while the reader is at the bottom, by watching the page's size (no call per frame).
 */
class Panel {
  private readonly turns = new Map<string, TurnView>();
  private readonly dirty = new Set<TurnView>();
  private readonly frames = new FrameScheduler(() => this.renderFrame());
  private readonly requestFrame = (view: TurnView) => {
    this.dirty.add(view);
    this.frames.request();
  };
  // Not a live region: what is spoken while an answer streams is the announcer's choice, not the screen reader's.
  private readonly list = el('main', { class: 'turns', attrs: { 'aria-label': 'Conversation', 'data-role': 'turns' } });
  private readonly announcer = new Announcer();
  private readonly empty = el('div', { class: 'empty', attrs: { 'data-role': 'empty' } },
    el('p', { text: 'Select code in an editor and run “Stream Explain: Explain Selection” (Ctrl+Alt+E, or right-click).' }),
    el('p', { text: 'The explanation streams in here; ask follow-up questions below.' }));
  private readonly input = el('textarea', { class: 'ask-input', attrs: { rows: '2', placeholder: 'Ask a follow-up… (Enter to send, Shift+Enter for a new line)', 'aria-label': 'Ask a follow-up question', 'data-role': 'ask-input' } });
  private readonly jump = el('button', { class: 'jump-latest', text: 'Jump to latest ↓', attrs: { type: 'button', 'data-role': 'jump-latest', 'aria-label': 'Jump to latest', title: 'Scroll to the newest text and follow it' } });
  private readonly model = new ModelButton();
  private readonly estimate = new DraftEstimateLine(this.input);
  private follower!: ScrollFollower;

  mount(): void {
    const form = el('form', { class: 'composer', attrs: { 'data-role': 'composer' } },
      this.jump,
      this.input,
      el('button', { class: 'send', text: 'Send', attrs: { type: 'submit', 'data-role': 'send' } }),
      this.estimate.root);
    form.addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.submit(); }
    });
    // New chat is in the view's title bar; the toolbar holds what the title bar cannot show: the current model.
    const app = el('div', { class: 'app' }, el('header', { class: 'toolbar' }, this.model.root), this.empty, this.list, form);
    document.body.append(app, this.announcer.polite, this.announcer.assertive);
    installAnswerActions(this.list);
    installKeyboard(document, {
      input: this.input,
      headings: () => [...this.turns.values()].filter((v) => !v.root.dataset.superseded).map((v) => v.heading),
      stop: () => this.stopStreaming(),
    });
    this.follower = new ScrollFollower(document.scrollingElement ?? document.documentElement, app, this.jump);
    window.addEventListener('message', (e: MessageEvent) => {
      const m = parseHostMessage(e.data);
      if (m) this.apply(m);
      else console.warn('Stream Explain: dropped an invalid message from the host');
    });
    send({ type: 'ready' });
    // First the layout (fonts, style) a window's first answer would otherwise pay mid-stream, then the code paths.
    warmUpLayout(document.body, () => this.turns.size > 0);
    warmUpRenderer();
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    send({ type: 'ask', text });
    this.input.value = '';
    this.estimate.changed();
  }

  /** A question the host did not send (the budget modal's Cancel) goes back into the box, unless it holds a new one. */
  private restoreQuestion(text: string): void {
    if (this.input.value.trim()) return;
    this.input.value = text;
    this.estimate.changed();
    this.input.focus();
  }

  /** Escape: stops the answer that is streaming, if any. */
  private stopStreaming(): boolean {
    const streaming = [...this.turns.values()].filter((v) => v.state === 'streaming').at(-1);
    if (!streaming) return false;
    send({ type: 'cancel', turnId: streaming.turnId });
    return true;
  }

  private renderFrame(): void {
    const deadline = performance.now() + FRAME_BUDGET_MS; // shared by all turns rendering in this frame
    const views = [...this.dirty];
    this.dirty.clear();
    for (const view of views) if (view.renderFrame(deadline)) this.dirty.add(view);
    if (this.dirty.size) this.frames.request();
  }

  private apply(m: HostMessage): void {
    switch (m.type) {
      case 'turn-start':
        this.add(new TurnView(m.turnId, m.prompt, m.provider, m.model, this.requestFrame));
        if (m.replaces) this.turns.get(m.replaces)?.supersede();
        this.follower.attach(); // a new question: show its answer
        this.announcer.start(m.turnId);
        return;
      case 'delta':
        this.turns.get(m.turnId)?.append(m.text);
        if (this.turns.has(m.turnId)) this.announcer.text(m.turnId, m.text);
        return;
      case 'thinking': {
        const view = this.turns.get(m.turnId);
        if (!view) return;
        const wasThinking = view.isThinking;
        view.think(m.text);
        // "Thinking…" once when a thinking phase begins; the thinking itself is never spoken.
        if (!wasThinking && view.isThinking) this.announcer.thinking(m.turnId);
        return;
      }
      case 'turn-status':
        this.turns.get(m.turnId)?.setStatus(m.text, m.retry);
        this.frames.request();
        if (this.turns.has(m.turnId)) this.announcer.status(m.text);
        return;
      case 'turn-end':
        this.finish(m.turnId, (view) => {
          view.end(m);
          this.announcer.end(m.turnId, m.finishReason === 'cancelled', view.text);
        });
        return;
      case 'turn-resume':
        this.turns.get(m.turnId)?.resume();
        if (this.turns.has(m.turnId)) this.announcer.start(m.turnId);
        return;
      case 'turn-error':
        this.finish(m.turnId, (view) => {
          view.fail(m.error, m.partialText);
          this.announcer.error(m.turnId, m.partialText ? 'Interrupted' : 'Failed', m.error.message);
        });
        return;
      case 'a11y-settings':
        this.announcer.setMode(m.announce);
        return;
      case 'focus-input':
        this.input.focus();
        return;
      case 'history':
        this.clear();
        for (const t of m.turns) this.add(TurnView.fromSnapshot(t, this.requestFrame));
        this.follower.attach();
        this.frames.request();
        return;
      case 'clear':
        this.clear();
        this.frames.request();
        this.estimate.changed();
        return;
      case 'model':
        this.model.set(m.provider, m.model);
        this.estimate.changed(); // another model, another price
        return;
      case 'draft-estimate':
        this.estimate.show(m);
        return;
      case 'draft-estimate-pending':
        this.estimate.pending(m);
        return;
      case 'turn-estimate':
        this.turns.get(m.turnId)?.setEstimate(m.estimate);
        return;
      case 'restore-question':
        this.restoreQuestion(m.text);
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  /** A turn ended: it renders its last blocks at once (or over the next frames if many), then the follower scrolls. */
  private finish(turnId: string, end: (view: TurnView) => void): void {
    const view = this.turns.get(turnId);
    if (!view) return;
    end(view);
    this.frames.request();
    this.estimate.changed(); // the draft would now be sent with this answer too
  }

  private add(view: TurnView): void {
    this.turns.set(view.turnId, view);
    this.list.append(view.root);
    this.empty.hidden = true;
  }

  private clear(): void {
    for (const view of this.turns.values()) view.dispose();
    this.turns.clear();
    this.dirty.clear();
    this.list.replaceChildren();
    this.empty.hidden = false;
  }
}

new Panel().mount();

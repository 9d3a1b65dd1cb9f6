/**
 * The host's part of the panel's accessibility: the announce setting sent to the panel, VS Code's progress while
 * nothing has arrived, and the commands Focus Question Box and Read Last Answer (registered by the activation shell).
 */
import * as vscode from 'vscode';
import { lastAnswerMarkdown } from '../core/lastAnswer';
import { ANNOUNCE_MODES, type AnnounceMode, type HostMessage, type TurnSnapshot } from '../core/protocol';
import { VIEW_ID, type ChatView } from './chatView';
import { SECTION } from './settings';
import { WaitProgress } from './waitProgress';

const ANNOUNCE = 'accessibility.announce';

export function readAnnounceMode(): AnnounceMode {
  const v = vscode.workspace.getConfiguration(SECTION).get<string>(ANNOUNCE);
  return (ANNOUNCE_MODES as readonly string[]).includes(v ?? '') ? (v as AnnounceMode) : 'complete';
}

export class PanelAccessibility implements vscode.Disposable {
  readonly progress = new WaitProgress((done) => void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => done));
  private focusWhenReady = false;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly chatView: ChatView, private readonly turns: () => TurnSnapshot[]) {
    this.disposables = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.${ANNOUNCE}`)) this.sendSettings();
      }),
    ];
  }

  /** Every message the engine posts: the progress follows it. */
  observe(m: HostMessage): void {
    this.progress.observe(m);
  }

  /** The panel (re)loaded: it gets the setting, and the focus if the command asked for it before the panel existed. */
  onReady(): void {
    this.sendSettings();
    if (this.focusWhenReady) {
      this.focusWhenReady = false;
      this.chatView.post({ type: 'focus-input' });
    }
  }

  private sendSettings(): void {
    this.chatView.post({ type: 'a11y-settings', announce: readAnnounceMode() });
  }

  /** The user asked for the panel: it takes the focus (the only time it does), into the question box. */
  async focusQuestion(): Promise<void> {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    if (this.chatView.isReady) this.chatView.post({ type: 'focus-input' });
    else this.focusWhenReady = true;
  }

  /** The last answer as plain Markdown in an editor tab. */
  async readLastAnswer(): Promise<vscode.TextEditor | undefined> {
    const content = lastAnswerMarkdown(this.turns());
    if (content === null) {
      void vscode.window.showInformationMessage('Stream Explain: there is no answer to read yet.');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.progress.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

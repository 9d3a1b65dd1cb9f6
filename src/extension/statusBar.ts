import * as vscode from 'vscode';
import type { LedgerTotals } from '../core/costLedger';
import { formatCost } from '../core/format';

/** "Stop" while a stream runs; the session's running cost always after the first request. */
export class StatusBar implements vscode.Disposable {
  private readonly stop = vscode.window.createStatusBarItem('streamExplain.stop', vscode.StatusBarAlignment.Right, 1000);
  private readonly cost = vscode.window.createStatusBarItem('streamExplain.cost', vscode.StatusBarAlignment.Right, 999);

  constructor() {
    this.stop.name = 'Stream Explain: Stop';
    this.stop.text = '$(debug-stop) Stop';
    this.stop.tooltip = 'Stop the streaming answer (Stream Explain)';
    this.stop.command = 'streamExplain.cancel';
    this.stop.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.cost.name = 'Stream Explain: Session Cost';
    this.cost.command = 'streamExplain.showCostReport';
  }

  private streaming = false;

  setStreaming(streaming: boolean): void {
    this.streaming = streaming;
    void vscode.commands.executeCommand('setContext', 'streamExplain.streaming', streaming);
    if (streaming) this.stop.show();
    else this.stop.hide();
  }

  setTotals(t: LedgerTotals): void {
    if (t.requests === 0) return this.cost.hide();
    this.cost.text = `$(pulse) ${formatCost(t.costUsd)}${t.unpriced ? '+' : ''}`;
    this.cost.tooltip = `Stream Explain this session: ${t.requests} request${t.requests === 1 ? '' : 's'}, ${t.inputTokens} in / ${t.outputTokens} out tokens` +
      `${t.unpriced ? `, ${t.unpriced} with price unknown` : ''}. Click for the cost report.`;
    this.cost.show();
  }

  /** Whether the Stop item is showing (read by the in-host tests). */
  get stopVisible(): boolean {
    return this.streaming;
  }

  dispose(): void {
    this.stop.dispose();
    this.cost.dispose();
  }
}

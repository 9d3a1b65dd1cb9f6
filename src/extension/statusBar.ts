import * as vscode from 'vscode';
import type { LedgerTotals } from '../core/ledger/queries';
import { formatCost } from '../core/format';

/** "Stop" while a stream runs; today's spend from the persistent ledger (every window) once there is any. */
export class StatusBar implements vscode.Disposable {
  private readonly stop = vscode.window.createStatusBarItem('streamExplain.stop', vscode.StatusBarAlignment.Right, 1000);
  private readonly cost = vscode.window.createStatusBarItem('streamExplain.cost', vscode.StatusBarAlignment.Right, 999);

  constructor() {
    this.stop.name = 'Stream Explain: Stop';
    this.stop.text = '$(debug-stop) Stop';
    this.stop.tooltip = 'Stop the streaming answer (Stream Explain)';
    this.stop.command = 'streamExplain.cancel';
    this.stop.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.cost.name = 'Stream Explain: Cost Today';
    this.cost.command = 'streamExplain.showCostReport';
  }

  private streaming = false;

  setStreaming(streaming: boolean): void {
    this.streaming = streaming;
    void vscode.commands.executeCommand('setContext', 'streamExplain.streaming', streaming);
    if (streaming) this.stop.show();
    else this.stop.hide();
  }

  /** Today's totals (local day) over every window's requests. */
  setToday(t: LedgerTotals): void {
    if (t.requests === 0) {
      this.costShown = undefined;
      return this.cost.hide();
    }
    const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    this.cost.text = `$(pulse) ${formatCost(t.costUsd)}${t.unknownPrice.requests ? '+' : ''}`;
    this.cost.tooltip = `Stream Explain today: ${plural(t.requests, 'request')}, ${t.inputTokens} in / ${t.outputTokens} out tokens` +
      `${t.estimated ? ` (${t.estimated} estimated)` : ''}` +
      `${t.unknownPrice.requests ? `, ${t.unknownPrice.requests} with price unknown (${t.unknownPrice.models.join(', ')})` : ''}. Click for the cost report.`;
    this.cost.show();
    this.costShown = this.cost.text;
  }

  /** The cost item's text while shown (read by the in-host tests). */
  costShown: string | undefined;

  /** Whether the Stop item is showing (read by the in-host tests). */
  get stopVisible(): boolean {
    return this.streaming;
  }

  dispose(): void {
    this.stop.dispose();
    this.cost.dispose();
  }
}

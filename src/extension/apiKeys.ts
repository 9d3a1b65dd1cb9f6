import * as vscode from 'vscode';
import { KEY_SOURCES, PROVIDER_IDS, PROVIDER_LABELS, type ProviderId } from '../core/provider';

const KEYED = PROVIDER_IDS.filter((p) => KEY_SOURCES[p]);
const secretName = (p: ProviderId) => `streamExplain.apiKey.${p}`;

/** Keys live in SecretStorage (OS keychain); the standard environment variables are the fallback for CI and headless use. */
export class ApiKeys {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(provider: ProviderId): Promise<string | undefined> {
    const stored = await this.secrets.get(secretName(provider));
    if (stored) return stored;
    const envVar = KEY_SOURCES[provider]?.envVar;
    if (!envVar) return undefined;
    const env = process.env[envVar]?.trim();
    return env || undefined;
  }

  /** Ask for a key (password box) and store it; an empty entry removes the stored key. */
  async prompt(preferred?: ProviderId): Promise<boolean> {
    const provider = preferred ?? (await pickProvider());
    if (!provider) return false;
    const label = PROVIDER_LABELS[provider];
    const value = await vscode.window.showInputBox({
      title: `Stream Explain: ${label} API key`,
      prompt: `Stored in VS Code's secret storage (your OS keychain), never in settings. Leave empty to remove the stored key.`,
      password: true,
      ignoreFocusOut: true,
      placeHolder: KEY_SOURCES[provider]?.placeholder,
      validateInput: (v) => (/\s/.test(v.trim()) ? 'A key has no spaces.' : undefined),
    });
    if (value === undefined) return false;
    if (value.trim() === '') {
      await this.secrets.delete(secretName(provider));
      void vscode.window.showInformationMessage(`Stream Explain: the stored ${label} key was removed.`);
      return true;
    }
    await this.secrets.store(secretName(provider), value.trim());
    void vscode.window.showInformationMessage(`Stream Explain: ${label} key saved.`);
    return true;
  }

  /** The "no key" notification, with the button that opens the key prompt. */
  async notifyMissing(provider: ProviderId): Promise<void> {
    const label = PROVIDER_LABELS[provider];
    const choice = await vscode.window.showWarningMessage(
      `Stream Explain needs an ${label} API key. Set one, or set the ${KEY_SOURCES[provider]?.envVar} environment variable.`,
      'Set API Key',
    );
    if (choice === 'Set API Key') await this.prompt(provider);
  }
}

async function pickProvider(): Promise<ProviderId | undefined> {
  const current = vscode.workspace.getConfiguration('streamExplain').get<string>('provider');
  const items = KEYED.map((id) => ({ label: PROVIDER_LABELS[id], id, description: id === current ? 'current provider' : undefined }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Stream Explain: set the API key for…' });
  return picked?.id;
}

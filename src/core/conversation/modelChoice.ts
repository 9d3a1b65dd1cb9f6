import type { EngineSettings } from '../engineSettings';
import type { ProviderId } from '../provider';

/** The model chosen for one conversation, over the settings' default. */
export interface ModelChoice {
  provider: ProviderId;
  model: string;
}

/** The settings a request is sent with: the chosen provider's (its base URL, prices) with the chosen model. */
export function settingsForChoice(read: (provider?: ProviderId) => EngineSettings, choice: ModelChoice | undefined): EngineSettings {
  if (!choice) return read();
  return { ...read(choice.provider), provider: choice.provider, model: choice.model };
}

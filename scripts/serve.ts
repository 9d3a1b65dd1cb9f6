/**
 * Runs the local provider server until Ctrl+C, for trying the extension in VS Code without a provider account.
 *   npx tsx scripts/serve.ts [--port 8787]
 * Any key works. Model names can pick scenarios: "script:tokens=800,rate=30", "replay:openai-chat-basic",
 * "error:anthropic-529-overloaded".
 */
import { startProviderServer } from '../test/server/providerServer';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 8787;
  const server = await startProviderServer({ port });
  console.log(`Local provider server on ${server.url}
Settings to use it:
  "streamExplain.openai.baseUrl": "${server.openaiBaseUrl}",
  "streamExplain.anthropic.baseUrl": "${server.anthropicBaseUrl}"
and any API key (e.g. OPENAI_API_KEY=local). Ctrl+C to stop.`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();

/**
 * The floor: the same streams, read by a bare SDK loop (`for await` over the official SDK's stream, no engine), each
 * delta posted at once (merged only while the previous one is on its way) as the panel's `delta` message to a
 * plain-text page (bench/plainTextPanel.ts: no markdown, each frame appends the new text) in the same browser. What it shows is the
 * latency any streaming panel on this machine pays for the SDK, one hop into the browser, and a frame; what the panel
 * adds beyond it is VS Code's webview path, the engine and the renderer.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { ProviderServer } from '../../test/server/providerServer';

const ROOT = path.join(__dirname, '..', '..');
const ORIGIN = 'https://floor.test';

export interface FloorPage {
  page: Page;
  cdp: CDPSession;
}

export async function openFloorPage(context: BrowserContext): Promise<FloorPage> {
  const built = await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench', 'plainTextPanel.ts')], bundle: true, write: false, platform: 'browser',
    format: 'iife', target: 'chrome120', logLevel: 'error',
  });
  const script = built.outputFiles[0].text;
  const css = fs.readFileSync(path.join(ROOT, 'media', 'panel.css'), 'utf8');
  const page = await context.newPage();
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/panel.css') return route.fulfill({ status: 200, contentType: 'text/css', body: css });
    if (url.pathname === '/floor.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: script });
    return route.fulfill({
      status: 200, contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><html><head><link rel="stylesheet" href="/panel.css"></head><body data-bench="floor"><script src="/floor.js"></script></body></html>',
    });
  });
  await page.goto(`${ORIGIN}/`);
  const cdp = await context.newCDPSession(page);
  return { page, cdp };
}

/** Streams one answer from the provider server through the bare SDK loop into the floor page. */
export async function floorRun(floor: FloorPage, server: ProviderServer, wire: 'openai' | 'anthropic', turnId: string): Promise<void> {
  const send = (message: unknown) => floor.cdp.send('Runtime.evaluate', { expression: `window.postMessage(${JSON.stringify(message)}, '*')` });
  // Each delta goes at once unless the previous one is still under way; text arriving meanwhile travels together
  // when it lands (one evaluate per token of a burst queued hundreds of round trips behind each other).
  let buffered = '';
  let inFlight: Promise<unknown> | null = null;
  const pump = (): void => {
    if (inFlight || !buffered) return;
    const text = buffered;
    buffered = '';
    inFlight = send({ type: 'delta', turnId, text }).finally(() => {
      inFlight = null;
      pump();
    });
  };
  const post = (message: { type: 'delta'; turnId: string; text: string }) => {
    buffered += message.text;
    pump();
  };
  await send({ type: 'turn-start', turnId });
  if (wire === 'openai') {
    const client = new OpenAI({ apiKey: 'bench-key', baseURL: server.openaiBaseUrl, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Explain.' }], stream: true });
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) post({ type: 'delta', turnId, text });
    }
  } else {
    const client = new Anthropic({ apiKey: 'bench-key', baseURL: server.anthropicBaseUrl, maxRetries: 0 });
    const stream = await client.messages.create({ model: 'claude-sonnet-4-20250514', max_tokens: 4096, messages: [{ role: 'user', content: 'Explain.' }], stream: true });
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') post({ type: 'delta', turnId, text: event.delta.text });
    }
  }
  while (inFlight || buffered) {
    pump();
    await inFlight;
  }
}

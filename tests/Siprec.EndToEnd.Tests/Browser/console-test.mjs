// Opens the operator console in headless Chromium, waits for a live call, pauses its recording and checks that the
// page shows the new state, and that the transcript pane says transcription is off.
// Usage: node console-test.mjs <base-url> <session-id> <screenshot.png>
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [baseUrl, sessionId, screenshot] = process.argv.slice(2);
if (!baseUrl || !sessionId || !screenshot) {
  console.error('usage: node console-test.mjs <base-url> <session-id> <screenshot.png>');
  process.exit(2);
}

const STEP_TIMEOUT_MS = 15000;
const userDataDir = mkdtempSync(join(tmpdir(), 'siprec-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  timeout: 60000,
});
let page;
try {
  page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('console', (m) => console.log('console:', m.type(), m.text()));
  await page.goto(baseUrl + '/');
  const row = page.locator(`tr[data-session-id="${sessionId}"]`);
  await row.waitFor();
  await page.waitForFunction(() => document.getElementById('live').textContent === 'live');
  const before = (await row.locator('td.state').textContent()).trim();
  if (before !== 'recording') throw new Error('expected state "recording", saw: ' + before);
  const participants = (await row.locator('td').nth(1).textContent()).trim();
  if (!participants.includes('sip:alice@example.com')) throw new Error('participants not shown: ' + participants);
  await row.getByRole('button', { name: 'Pause recording' }).click();
  await page.waitForFunction((id) => {
    const cell = document.querySelector(`tr[data-session-id="${id}"] td.state`);
    return cell && cell.textContent.startsWith('paused (recording) by api');
  }, sessionId);
  await row.getByRole('button', { name: 'Resume recording' }).waitFor();
  // The server runs without a speech provider: the transcript pane must say so rather than stay empty.
  await page.waitForFunction(() => document.getElementById('transcript').textContent.includes('STT_PROVIDER'));
  const transcript = (await page.locator('#transcript').textContent()).trim();
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ ok: true, before, after: (await row.locator('td.state').textContent()).trim(), transcript }));
} catch (error) {
  if (page) await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
  console.error('console test failed:', error.message);
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

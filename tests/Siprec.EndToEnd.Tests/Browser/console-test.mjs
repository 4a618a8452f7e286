// Opens the operator console in headless Chromium with an operator key, waits for a live call, checks its node column,
// pauses its recording and checks that the page shows the new state; checks the nodes panel, drains and undrains a node
// from it; checks that the transcript pane says transcription is off; then switches to a read-only key and checks that
// a drain is refused plainly.
// Usage: node console-test.mjs <base-url> <session-id> <screenshot.png> <operator-key> <read-only-key> <session-node|-> <node-ids> <node-to-drain>
// <session-node> is the node the session row must name, or - when the table must have no node column (a single node);
// <node-ids> is the comma-separated list the nodes panel must show.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [baseUrl, sessionId, screenshot, operatorKey, readOnlyKey, sessionNode, nodeList, drainNode] = process.argv.slice(2);
if (!drainNode) {
  console.error('usage: node console-test.mjs <base-url> <session-id> <screenshot.png> <operator-key> <read-only-key> <session-node|-> <node-ids> <node-to-drain>');
  process.exit(2);
}

const STEP_TIMEOUT_MS = 15000;
const nodeIds = nodeList.split(',');
const userDataDir = mkdtempSync(join(tmpdir(), 'siprec-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  timeout: 60000,
});

const text = async (locator) => ((await locator.textContent()) ?? '').trim();

// Waits until the cell of the node's row matching the selector reads exactly the expected text.
const nodeCellIs = (page, id, selector, expected) => page.waitForFunction(([id, selector, expected]) => {
  const cell = document.querySelector(`tr[data-node-id="${id}"] ${selector}`);
  return cell && cell.textContent === expected;
}, [id, selector, expected]);

let page;
try {
  // The key the operator would type, in the tab's storage before the page's first request.
  await context.addInitScript((key) => sessionStorage.setItem('siprec.apiKey', key), operatorKey);
  page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('console', (m) => console.log('console:', m.type(), m.text()));
  await page.goto(baseUrl + '/');
  const row = page.locator(`tr[data-session-id="${sessionId}"]`);
  await row.waitFor();
  await page.waitForFunction(() => document.getElementById('live').textContent === 'live');
  const before = await text(row.locator('td.state'));
  if (before !== 'recording') throw new Error('expected state "recording", saw: ' + before);
  const participants = await text(row.locator('td.participants'));
  if (!participants.includes('sip:alice@example.com')) throw new Error('participants not shown: ' + participants);

  const nodeColumnShown = await page.locator('#node-column').isVisible();
  const nodeCells = await row.locator('td.node').count();
  const node = nodeCells === 1 ? await text(row.locator('td.node')) : '-';
  if (nodeColumnShown !== (sessionNode !== '-') || node !== sessionNode) {
    throw new Error(`node column shown: ${nodeColumnShown}, session row's node: ${node}; expected ${sessionNode}`);
  }

  await row.getByRole('button', { name: 'Pause recording' }).click();
  await page.waitForFunction((id) => {
    const cell = document.querySelector(`tr[data-session-id="${id}"] td.state`);
    return cell && cell.textContent.startsWith('paused (recording) by api');
  }, sessionId);
  await row.getByRole('button', { name: 'Resume recording' }).waitFor();
  const after = await text(row.locator('td.state'));

  // The nodes panel lists every node; the node recording the call counts it.
  await page.waitForFunction((n) => document.querySelectorAll('#nodes tr').length === n, nodeIds.length);
  const listed = await page.locator('#nodes tr').evaluateAll((rows) => rows.map((r) => r.dataset.nodeId).sort());
  if (listed.join(',') !== [...nodeIds].sort().join(',')) throw new Error('nodes panel lists ' + listed.join(','));
  for (const id of nodeIds) await nodeCellIs(page, id, 'td.node-state', 'active');
  await nodeCellIs(page, drainNode, 'td.node-sessions', '1');

  const drainRow = page.locator(`tr[data-node-id="${drainNode}"]`);
  await drainRow.getByRole('button', { name: 'Drain', exact: true }).click();
  await nodeCellIs(page, drainNode, 'td.node-state', 'draining');
  await nodeCellIs(page, drainNode, 'td.node-refusing', 'Draining');
  const drained = { state: 'draining', refusing: await text(drainRow.locator('td.node-refusing')) };
  await drainRow.getByRole('button', { name: 'Undrain', exact: true }).click();
  await nodeCellIs(page, drainNode, 'td.node-state', 'active');
  await nodeCellIs(page, drainNode, 'td.node-refusing', '');
  const undrained = await text(drainRow.locator('td.node-state'));

  // The server runs without a speech provider: the transcript pane must say so rather than stay empty.
  await page.waitForFunction(() => document.getElementById('transcript').textContent.includes('STT_PROVIDER'));
  const transcript = await text(page.locator('#transcript'));

  // A key that may read but not administer: its drain is refused, said plainly, and the buttons go.
  await page.locator('#api-key').fill(readOnlyKey);
  await page.getByRole('button', { name: 'Use key' }).click();
  await drainRow.getByRole('button', { name: 'Drain', exact: true }).click();
  await page.waitForFunction(() => document.getElementById('nodes-notice').textContent.includes('HTTP 403'));
  const refused = await text(page.locator('#nodes-notice'));
  await page.waitForFunction(() => document.querySelectorAll('#nodes button').length === 0);
  await nodeCellIs(page, drainNode, 'td.node-state', 'active');

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ ok: true, before, after, node, nodes: listed, drained, undrained, refused, transcript }));
} catch (error) {
  if (page) await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
  console.error('console test failed:', error.message);
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

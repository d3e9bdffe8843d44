// The simulator page in headless Chromium (Debian's chromium, driven by playwright-core): a new member
// chats, is onboarded, and taps a reply button rendered as a button.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('simulator page', () => {
  let t: TestRuntime;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH`);
    t = await startTestRuntime({});
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('onboards a member typing in the page and renders buttons that can be tapped', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/simulator`);
    await page.fill('#phone', '+254700000301');
    await page.dispatchEvent('#phone', 'change');
    const send = async (text: string, expectText: string | RegExp) => {
      const before = await page.locator('.msg.out').count();
      await page.fill('#text', text);
      await page.press('#text', 'Enter');
      await expect.poll(async () => page.locator('.msg.out').count(), { timeout: 15_000 }).toBeGreaterThan(before);
      await expect.poll(async () => page.locator('.msg.out').last().innerText(), { timeout: 15_000 }).toMatch(expectText);
    };
    await send('Hi', /Welcome to Likelemba/);
    await send('1', /name/i);
    await send('Neema', /PIN/);
    await send('4821', /same PIN/);
    await send('4821', /ready/);
    await send('language', /Choose language/);
    const button = page.locator('.msg.out').last().locator('button', { hasText: 'Kiswahili' });
    expect(await button.count()).toBe(1);
    const before = await page.locator('.msg.out').count();
    await button.click();
    await expect.poll(async () => page.locator('.msg.out').count(), { timeout: 15_000 }).toBeGreaterThan(before);
    expect(await page.locator('.msg.out').last().innerText()).toMatch(/Kiswahili/);
    // The PIN typed on the phone is shown as dots, even on the phone's own screen.
    expect(await page.locator('.msg.in').allInnerTexts()).not.toContain('4821');
    await page.screenshot({ path: 'test/browser/simulator.png' });
  });
});

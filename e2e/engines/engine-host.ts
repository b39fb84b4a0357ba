import { chromium, firefox } from '@playwright/test';
import { launchPlaywrightEngine, playwrightVisitor } from './playwright-visitor.ts';
import { startWebKitDriver } from './webkit-driver.ts';
import { webkitVisitor } from './webkit-visitor.ts';
import type { Engine, Visitor } from './visitor.ts';

/** A running engine: a Playwright browser, or Xvfb with WebKitWebDriver (one WebKit visitor at a time). */
export interface EngineHost {
  engine: Engine;
  /** A fresh profile: a new browser context, or a new WebDriver session. */
  newVisitor(): Promise<Visitor>;
  stop(): Promise<void>;
}

/** Starts an engine for the specs (one per test worker) or the chaos run (one per WebKit visitor). */
export async function startEngine(engine: Engine): Promise<EngineHost> {
  if (engine === 'webkit') {
    const driver = await startWebKitDriver();
    return { engine, newVisitor: () => webkitVisitor(driver), stop: () => driver.stop() };
  }
  const browser = await launchPlaywrightEngine({ chromium, firefox }, engine);
  return { engine, newVisitor: () => playwrightVisitor(browser, engine), stop: () => browser.close() };
}

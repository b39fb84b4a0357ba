/** The three engines the browser specs run in. */
export type Engine = 'chromium' | 'firefox' | 'webkit';

/** A cookie as every engine reports it. */
export interface BrowserCookie {
  name: string;
  value: string;
  path: string;
  sameSite: string;
  httpOnly: boolean;
  secure: boolean;
  /** Seconds since the epoch; -1 for a session cookie. */
  expires: number;
}

/**
 * One window of a visitor's browser, the same for Playwright's pages and a WebDriver window, so a
 * spec reads the same in every engine. Addresses are absolute.
 */
export interface Tab {
  /** Opens an address and resolves once its `load` event fired. */
  goto(url: string): Promise<void>;
  /** Opens an address and resolves as soon as the navigation began (an async script may still be loading). */
  gotoWithoutWaiting(url: string): Promise<void>;
  /** Clicks the first element matching a CSS selector, as a person would. */
  click(selector: string): Promise<void>;
  /** Runs a function in the page (async or not) and resolves what it returned; the function may not close over anything. */
  evaluate<Result, Argument = undefined>(fn: (argument: Argument) => Result | Promise<Result>, argument?: Argument): Promise<Result>;
  /** Waits until a function run in the page returns something truthy. */
  waitFor(fn: () => unknown, timeoutMs?: number): Promise<void>;
  /** Waits until the tab shows an address with this path. */
  waitForPath(path: string, timeoutMs?: number): Promise<void>;
  /** Goes back in the tab's history (`history.back()`), resolving once the address changed. */
  back(): Promise<void>;
  /** Scrolls an element into the middle of the viewport. */
  scrollIntoView(selector: string): Promise<void>;
  /** Closes the tab as a shopper would: the page gets its `pagehide`. */
  close(): Promise<void>;
}

/** A visitor's browser: a fresh profile per test (cookies, IndexedDB, cache), in one engine. */
export interface Visitor {
  engine: Engine;
  /** The engine's name and version, for the report, e.g. `WebKitGTK 2.50.4`. */
  version: string;
  /** Opens a new window (WebKit: a window, never a background tab, where `visibilityState` would be `hidden`). */
  newTab(): Promise<Tab>;
  /** The cookies of an origin. */
  cookies(url: string): Promise<BrowserCookie[]>;
  /** Sets a cookie on an origin, before any page of it is open. */
  addCookie(url: string, name: string, value: string): Promise<void>;
  /** Cuts and restores the browser's network with `navigator.onLine` and its events, or is missing where the engine cannot emulate it. */
  setOffline?: (offline: boolean) => Promise<void>;
  /** Closes every window and the profile. */
  close(): Promise<void>;
}

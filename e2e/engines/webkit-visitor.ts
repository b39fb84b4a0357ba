import { Builder, By, type WebDriver } from 'selenium-webdriver';
import type { WebKitDriver } from './webkit-driver.ts';
import type { BrowserCookie, Tab, Visitor } from './visitor.ts';

const pollMs = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn(argument)` in the page and hands back its (awaited) result, or its error's message. */
const evaluateScript = `
  const [source, argument, done] = arguments;
  Promise.resolve()
    .then(() => (0, eval)('(' + source + ')')(argument))
    .then((value) => done({ value: value === undefined ? null : value }), (error) => done({ error: String(error && error.stack || error) }));
`;

/**
 * A WebKit visitor: one WebDriver session of MiniBrowser (WebKitGTK, Safari's engine), which starts
 * with a fresh, ephemeral profile. The session's first window stays open on `about:blank` as its
 * home, since closing the last window would end the session.
 */
export async function webkitVisitor(driver: WebKitDriver): Promise<Visitor> {
  const session: WebDriver = await withTimeout(
    new Builder().usingServer(driver.url).withCapabilities({ browserName: 'MiniBrowser' }).build(),
    30_000,
    'a WebKit session (is there an X display?)',
  );
  await session.manage().setTimeouts({ script: 30_000, pageLoad: 30_000 });
  const capabilities = await session.getCapabilities();
  const home = await session.getWindowHandle();
  let current = home;
  // WebDriver commands go to one window at a time.
  const use = async (handle: string) => {
    if (current !== handle) await session.switchTo().window(handle);
    current = handle;
  };
  const evaluateIn = async <Result>(handle: string, fn: Function, argument: unknown): Promise<Result> => {
    await use(handle);
    const answer = (await session.executeAsyncScript(evaluateScript, fn.toString(), argument ?? null)) as { value?: Result; error?: string };
    if (answer.error !== undefined) throw new Error(`in the page: ${answer.error}`);
    return answer.value as Result;
  };
  const pathOf = async (handle: string) => {
    await use(handle);
    return new URL(await session.getCurrentUrl()).pathname;
  };

  const tab = (handle: string): Tab => ({
    goto: async (url) => (await use(handle), await session.get(url)),
    gotoWithoutWaiting: async (url) => void (await evaluateIn(handle, (address: string) => void setTimeout(() => (location.href = address)), url)),
    click: async (selector) => (await use(handle), await session.findElement(By.css(selector)).click()),
    evaluate: (fn, argument) => evaluateIn(handle, fn, argument),
    async waitFor(fn, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await evaluateIn(handle, fn, undefined).catch(() => false))) {
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms in WebKit for ${fn}`);
        await sleep(pollMs);
      }
    },
    async waitForPath(path, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await pathOf(handle).catch(() => '')) !== path) {
        if (Date.now() > deadline) throw new Error(`the WebKit window did not reach ${path} within ${timeoutMs} ms`);
        await sleep(pollMs);
      }
    },
    async back() {
      await use(handle);
      const before = await session.getCurrentUrl();
      await session.executeScript('history.back()');
      const deadline = Date.now() + 10_000;
      while ((await session.getCurrentUrl().catch(() => before)) === before) {
        if (Date.now() > deadline) throw new Error(`history.back() left the WebKit window on ${before}`);
        await sleep(pollMs);
      }
    },
    scrollIntoView: (selector) => evaluateIn(handle, (css: string) => document.querySelector(css)!.scrollIntoView({ block: 'center' }), selector),
    async close() {
      await use(handle);
      await session.close();
      await session.switchTo().window(home);
      current = home;
    },
  });

  // Cookies are read and written through a window showing the origin: the home window, sent there.
  const atOrigin = async (url: string) => {
    await use(home);
    if (new URL(await session.getCurrentUrl()).origin !== new URL(url).origin) await session.get(new URL('/', url).href);
  };

  return {
    engine: 'webkit',
    version: `WebKitGTK ${capabilities.get('browserVersion')}`,
    async newTab() {
      // A window, not a tab: a background tab is `hidden`, and IntersectionObserver never fires there.
      await session.switchTo().newWindow('window');
      current = await session.getWindowHandle();
      return tab(current);
    },
    async cookies(url) {
      await atOrigin(url);
      return (await session.manage().getCookies()).map(
        (cookie): BrowserCookie => ({
          name: cookie.name,
          value: cookie.value,
          path: cookie.path ?? '/',
          sameSite: cookie.sameSite ?? 'None',
          httpOnly: cookie.httpOnly ?? false,
          secure: cookie.secure ?? false,
          expires: typeof cookie.expiry === 'number' ? cookie.expiry : cookie.expiry ? Math.floor(cookie.expiry.getTime() / 1000) : -1,
        }),
      );
    },
    async addCookie(url, name, value) {
      await atOrigin(url);
      await session.manage().addCookie({ name, value, path: '/' });
      await session.get('about:blank');
    },
    close: () => session.quit(),
  };
}

function withTimeout<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    Promise.resolve(promise),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not start within ${ms} ms`)), ms).unref()),
  ]);
}

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { stopProcess } from '../../scripts/stop-process.ts';

/** Where Debian's WebKitGTK keeps MiniBrowser, the browser WebKitWebDriver drives. */
export const miniBrowserPath = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** A running X display and WebKitWebDriver, ready for one WebDriver session at a time. */
export interface WebKitDriver {
  /** The driver's address, for selenium's `usingServer`. */
  url: string;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * Starts Xvfb (MiniBrowser has no headless mode: without a display, session creation hangs with no
 * error) on a free display it picks itself, and WebKitWebDriver on a free port.
 */
export async function startWebKitDriver(): Promise<WebKitDriver> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], detached: true });
  const display = await new Promise<string>((resolve, reject) => {
    let errors = '';
    xvfb.stderr!.on('data', (chunk) => (errors += chunk));
    xvfb.stdio[3]!.on('data', (chunk) => resolve(String(chunk).trim()));
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with code ${code}: ${errors.slice(-500)}`)));
    setTimeout(() => reject(new Error('Xvfb did not report a display within 10 s')), 10_000).unref();
  });
  const port = await freePort();
  const driver = spawn('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], { env: { ...process.env, DISPLAY: `:${display}` }, stdio: 'ignore', detached: true });
  // Even if this process dies without stopping them, neither may outlive it.
  const killAll = () => {
    for (const child of [driver, xvfb]) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killAll);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/status`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer on ${url} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: async () => {
      process.off('exit', killAll);
      // Both started detached, so the driver's MiniBrowser goes with it.
      await stopProcess(driver);
      await stopProcess(xvfb);
    },
  };
}

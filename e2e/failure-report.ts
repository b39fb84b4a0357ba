import { test } from '@playwright/test';
import { relayActivity } from './relay-activity.ts';

/**
 * Registers an `afterEach` that, when a test failed, prints what the relay did
 * (its latest activity entries) and what the local upstream answered (its latest
 * calls): a failure in CI, where nobody can rerun it by hand, then says whether
 * events never reached the relay, waited in its buffer, or were refused upstream.
 */
export function reportRelayOnFailure(): void {
  test.afterEach(async ({}, testInfo) => {
    if (testInfo.status === testInfo.expectedStatus) return;
    const activity = await relayActivity(40).then((entries) => entries.map((entry) => JSON.stringify(entry)).join('\n'), (error: Error) => error.message);
    const calls = await fetch(`${process.env.UPSTREAM_URL}/__upstream/calls`).then((response) => response.text(), (error: Error) => `unreachable: ${error.message}`);
    console.log(`\n[${testInfo.title}] relay activity, newest first:\n${activity}\nupstream calls:\n${calls.slice(-4000)}\n`);
  });
}

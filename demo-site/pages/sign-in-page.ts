import { html } from '../html.ts';
import type { PageContent, PageContext } from '../layout.ts';

/** Sign-in: any email and password work; signing in tells Retail Rocket who the visitor is (`rr.setContact`). */
export function renderSignInPage(_context: PageContext): PageContent {
  return {
    title: 'Sign in',
    main: html`<section class="sign-in">
  <form id="sign-in-form" class="panel narrow">
    <h1>Sign in</h1>
    <p class="muted">A demo: any email and password sign you in.</p>
    <label>Email <input name="email" type="email" autocomplete="email" required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button id="sign-in" type="submit">Sign in</button>
  </form>
  <div id="signed-in" class="panel narrow" hidden>
    <h1>Welcome back</h1>
    <p>Signed in as <strong id="signed-in-email"></strong> (customer <span id="signed-in-id"></span>).</p>
    <button id="sign-out" type="button" class="secondary">Sign out</button>
  </div>
</section>`,
  };
}

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatPrice, html, raw } from './html.ts';

it('escapes interpolated text but not nested markup', () => {
  const name = '<b>"Tarp" & co</b>';
  assert.equal(html`<p title="${name}">${html`<i>${name}</i>`}${[1, 2]}${false}${undefined}${raw('<br>')}</p>`.html,
    '<p title="&lt;b&gt;&quot;Tarp&quot; &amp; co&lt;/b&gt;"><i>&lt;b&gt;&quot;Tarp&quot; &amp; co&lt;/b&gt;</i>12<br></p>');
});

it('formats euros with two decimals', () => {
  assert.equal(formatPrice(263.99), '€263.99');
  assert.equal(formatPrice(12), '€12.00');
});

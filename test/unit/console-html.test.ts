import { describe, expect, it } from 'vitest';
import { html, trusted } from '../../src/web/html.js';
import { localPath } from '../../src/web/plugins/sign-in.plugin.js';

describe('console HTML', () => {
  it('escapes every value, keeps nested markup and lists', () => {
    const name = '<script>alert("x")</script> & \'y\'';
    expect(html`<td>${name}</td>`.text).toBe('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</td>');
    expect(html`<ul>${['a<', 'b'].map((s) => html`<li>${s}</li>`)}</ul>`.text).toBe('<ul><li>a&lt;</li><li>b</li></ul>');
    expect(html`${null}${undefined}${false}${0}`.text).toBe('0');
    expect(html`<a href="${'" onclick="x'}">`.text).toBe('<a href="&quot; onclick=&quot;x">');
    expect(html`${trusted('<b>kept</b>')}`.text).toBe('<b>kept</b>');
  });
});

describe('the page to come back to after sign-in', () => {
  it.each([
    ['/findings/330106?kind=CODE_MISSING', '/findings/330106?kind=CODE_MISSING'],
    ['/', '/'],
    ['//evil.example.com/x', '/'],
    ['/\\evil.example.com', '/'],
    ['https://evil.example.com/', '/'],
    ['javascript:alert(1)', '/'],
    ['/a b', '/'],
    [undefined, '/'],
    [['/x'], '/'],
  ])('%j → %s', (given, expected) => {
    expect(localPath(given)).toBe(expected);
  });
});

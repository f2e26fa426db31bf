import type { FastifyReply, FastifyRequest } from 'fastify';
import { mayDoAnywhere, type ConsolePerson, type ConsoleRole } from '../core/console-access.js';
import { html, type Html } from './html.js';
import { NAV } from './nav.js';
import { CSRF_FIELD, csrfToken } from './plugins/csrf.plugin.js';

const TEXT = {
  product: '教师账号同步',
  console: '管理控制台',
  signOut: '退出登录',
  skip: '跳到正文',
  menu: '导航',
  roles: { province: '省级运维', bureau: '教育局', school: '学校管理员' } satisfies Record<ConsoleRole, string>,
} as const;

export interface PageOptions {
  /** The page's own title (shown in the tab and as its heading). */
  title: string;
  body: Html;
  /** The NAV entry to mark as current. */
  active?: string;
  /** Scripts of the console (served under /assets or /vendor), added at the end: enhancement only. */
  scripts?: readonly string[];
}

/** The hidden field a form needs so that its post is accepted (see plugins/csrf.plugin.ts). */
export function csrfField(reply: FastifyReply): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken(reply)}">`;
}

function roleNames(person: ConsolePerson): string {
  return [...new Set(person.grants.map((g) => TEXT.roles[g.role]))].join('、');
}

function header(request: FastifyRequest, reply: FastifyReply, active: string | undefined): Html {
  const person = request.person;
  if (!person) return html`<header class="top"><span class="brand">${TEXT.product} · ${TEXT.console}</span></header>`;
  const links = NAV.filter((n) => mayDoAnywhere(person, n.action));
  return html`<header class="top">
  <span class="brand">${TEXT.product} · ${TEXT.console}</span>
  <nav aria-label="${TEXT.menu}"><ul>${links.map((n) => html`<li><a href="${n.href}"${n.id === active ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul></nav>
  <form class="who" method="post" action="/logout">${csrfField(reply)}<span>${person.displayName}（${roleNames(person)}）</span> <button type="submit">${TEXT.signOut}</button></form>
</header>`;
}

/** A whole page: the console's frame around `body`. Send it with `sendPage`. */
export function renderPage(request: FastifyRequest, reply: FastifyReply, page: PageOptions): string {
  return `<!doctype html>${html`<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${TEXT.product}</title>
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}'>
<link rel="stylesheet" href="/assets/console.css">
</head>
<body>
<a class="skip" href="#main">${TEXT.skip}</a>
${header(request, reply, page.active)}
<main id="main">
<h1>${page.title}</h1>
${page.body}
</main>
${(page.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
</body>
</html>`.text}`;
}

/** Renders and sends a page with the given status (200 unless said). */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: PageOptions, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPage(request, reply, page));
}

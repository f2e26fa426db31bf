import { html, type Html } from '../html.js';

/** The console's answers that are not a page of data: errors, sign-in and sign-out. */
export const STATUS_TEXT = {
  forbidden: { title: '无权访问', body: '您的账号没有查看或操作此处的权限。如需权限，请联系省级运维。' },
  csrf: { title: '请求已失效', body: '表单已过期或来源不明，操作未执行。请返回页面刷新后重试。' },
  notFound: { title: '页面不存在', body: '找不到所请求的页面。' },
  badRequest: { title: '请求有误', body: '请求的参数不正确。' },
  tooMany: { title: '尝试过于频繁', body: '登录尝试过多，请稍后再试。' },
  failed: { title: '出错了', body: '服务器处理请求时出错，已记录。请稍后再试。' },
  signInFailed: { title: '登录失败', body: '未能完成登录。请重新登录。' },
  noRole: { title: '无权使用控制台', body: '您的账号已通过身份认证，但没有分配控制台角色。请联系省级运维。' },
  signedOut: { title: '已退出登录', body: '您已安全退出。' },
  expired: { title: '登录已超时', body: '长时间未操作，已自动退出。请重新登录。' },
  signIn: '登录',
  home: '返回首页',
} as const;

export type StatusKind = Exclude<keyof typeof STATUS_TEXT, 'signIn' | 'home'>;

export function statusBody(kind: StatusKind, opts: { signIn?: boolean } = {}): Html {
  const t = STATUS_TEXT[kind];
  return html`<p class="status">${t.body}</p>
<p>${opts.signIn ? html`<a class="button" href="/login">${STATUS_TEXT.signIn}</a>` : html`<a href="/">${STATUS_TEXT.home}</a>`}</p>`;
}

export function statusTitle(kind: StatusKind): string {
  return STATUS_TEXT[kind].title;
}

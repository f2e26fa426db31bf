import type { ConsoleAction } from '../core/console-access.js';

/** The console's menu: a page's link shows to those who may do its action somewhere. */
export interface NavEntry {
  /** Matches `active` given to the layout. */
  id: string;
  href: string;
  label: string;
  action: ConsoleAction;
}

export const NAV: readonly NavEntry[] = [
  { id: 'overview', href: '/overview', label: '概览', action: 'overview' },
  { id: 'findings', href: '/findings', label: '问题清单', action: 'findings' },
  { id: 'shared-codes', href: '/shared-codes', label: '共用标识码', action: 'shared-codes' },
  { id: 'reassign', href: '/reassign', label: '人工指定', action: 'reassign' },
  { id: 'overrides', href: '/overrides', label: '指定清单', action: 'overrides' },
  { id: 'audit', href: '/audit', label: '审计日志', action: 'audit' },
  { id: 'teachers', href: '/teachers', label: '查找教师', action: 'teachers' },
];

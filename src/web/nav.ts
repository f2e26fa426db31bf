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
];

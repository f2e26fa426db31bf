/** How a run's mode and final status read in Chinese, on the console's pages and in a teacher's explanation. */
export const RUN_MODE_LABELS: Readonly<Record<string, string>> = { delta: '增量', full: '全量', reconcile: '核对' };

export const RUN_STATUS_LABELS: Readonly<Record<string, string>> = {
  running: '进行中', succeeded: '成功', partial: '部分成功', stopped: '已停止', halted: '已拦截', failed: '失败', aborted: '中止',
};

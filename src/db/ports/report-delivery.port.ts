export type DeliveryKind = 'report' | 'all-clear' | 'summary';
export type DeliveryChannel = 'smtp' | 'file';

export interface DeliveryRecord {
  runId: number;
  countyCode: string;
  kind: DeliveryKind;
  channel: DeliveryChannel;
  contentHash: string;
  status: 'sent' | 'failed';
  recipients: readonly string[];
  findingCount: number;
  messageId: string | null;
  error: string | null;
  attemptedAtMs: number;
  sentAtMs: number | null;
}

/** What a county was last told on a channel: the last report or all-clear delivered to it. */
export interface LastDelivery {
  runId: number;
  kind: DeliveryKind;
  contentHash: string;
  sentAtMs: number | null;
}

/** Reports delivered (or not) to each county, and the provincial summaries. */
export interface ReportDeliveryStore {
  record(d: DeliveryRecord): Promise<void>;
  /** What each county was last told on a channel. */
  lastDelivered(channel: DeliveryChannel): Promise<Map<string, LastDelivery>>;
  forRun(runId: number): Promise<DeliveryRecord[]>;
}

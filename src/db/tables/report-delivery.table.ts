import type { Generated } from 'kysely';

/** Each report mailed (or written as files) to a county, and each provincial summary. */
export interface ReportDeliveryTable {
  id: Generated<number>;
  run_id: number;
  county_code: string;
  /** report | all-clear | summary */
  kind: string;
  /** smtp | file */
  channel: string;
  /** Hash of the findings the report carries, not of when or by which run it was made. */
  content_hash: string;
  /** sent | failed */
  status: string;
  recipients: string;
  finding_count: number;
  message_id: string | null;
  error: string | null;
  attempted_at_ms: number;
  sent_at_ms: number | null;
}

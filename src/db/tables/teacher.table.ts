import type { Generated } from 'kysely';

export interface TeacherTable {
  teacher_id: string;
  group_key: string;
  identity_mac: string | null;
  name: string | null;
  id_type: string | null;
  id_number_masked: string | null;
  gender: string | null;
  /**
   * ID number, mobile and e-mail, encrypted together (see pii-envelope.ts). E-mail is sealed too:
   * here it is often the mobile number or a QQ number.
   */
  pii_enc: string | null;
  institution_code: string | null;
  institution_name: string | null;
  county_code: string | null;
  status: string | null;
  updated_at_ms: number;
  /** JSON array of problems; null when valid. */
  problems: string | null;
  valid: number;
  gone: Generated<number>;
  /** Keyed hash of everything that changes the record: a re-pulled identical record is not rewritten. */
  content_mac: string;
  /** Keyed hash of the personal fields pushed to the platform (name, ID, gender, mobile, email). */
  payload_mac: string | null;
  seen_run_id: number;
  /** The record's number, fixed when it is first stored, one per record (a pull's sightings are kept by it). */
  seq: number;
  /** The account this record was last pushed as: every link is reachable from its teacher by key. */
  link_external_id: Generated<string | null>;
}

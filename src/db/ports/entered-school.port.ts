/** A school as teachers entered it (code + name), in one county as given, with how many did. */
export interface EnteredSchoolTally {
  institutionCode: string | null;
  institutionName: string | null;
  countyCode: string | null;
  teachers: number;
}

/** The schools entered on the teacher-training platform, from the stored teacher records. */
export interface EnteredSchoolStore {
  list(): Promise<EnteredSchoolTally[]>;
}

export interface RegistryInstitutionTable {
  code: string;
  name: string;
  county_code: string;
  category: string;
  status: string;
  seen_run_id: number;
}

export interface PlatformSeenTable {
  external_id: string;
}

import type { ReportDeliveryRepository } from '../repositories/report-delivery.repository.js';

/** What the sync may ask of the stored report delivery records. */
export type ReportDeliveryStore = ReportDeliveryRepository;

import type { TeacherRepository } from '../repositories/teacher.repository.js';

/** What the sync may ask of the stored teacher records. */
export type TeacherStore = TeacherRepository;

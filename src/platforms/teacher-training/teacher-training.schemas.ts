import { z } from 'zod';
import { lenientTextSchema } from '../lenient.js';

/**
 * One teacher record of the teacher-training platform (教师培训管理平台), read leniently: the
 * platform stores what schools typed, unchecked, so every field but `teacherId` may be missing,
 * null or of the wrong type and is then null. Judging the values is the core's job. Unknown fields
 * are ignored (fields get added).
 */
export const teacherRecordSchema = z.looseObject({
  teacherId: z.unknown().optional(),
  name: lenientTextSchema,
  idType: lenientTextSchema,
  idNumber: lenientTextSchema,
  gender: lenientTextSchema,
  mobile: lenientTextSchema,
  email: lenientTextSchema,
  institutionCode: lenientTextSchema,
  institutionName: lenientTextSchema,
  countyCode: lenientTextSchema,
  status: lenientTextSchema,
  updatedAt: lenientTextSchema,
});

export type TeacherRecord = z.infer<typeof teacherRecordSchema>;

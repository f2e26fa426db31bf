/** Public surface of the pure core. Adapters import from here or from the module named for the rule. */
export { ID_TYPES, TEACHER_STATUSES } from './types.js';
export type {
  AccountAction,
  DesiredAccount,
  Gender,
  IdType,
  LinkState,
  NormalisedTeacher,
  Problem,
  ProblemCode,
  RegistryInstitution,
  SchoolChoice,
  SchoolChoiceReason,
  SourceTeacher,
  TargetSchool,
  TeacherStatus,
  ValidatedTeacher,
} from './types.js';

export {
  checkInstitutionCode,
  DEFAULT_INSTITUTION_CATEGORIES,
  institutionProvince,
  normaliseInstitutionCode,
  type InstitutionCodeCheck,
} from './institution-code.js';
export { checkIdNumber, cleanIdNumber, maskIdNumber, maskMobile, residentIdCheckChar, type IdNumberCheck } from './id-number.js';
export { normalisePersonName } from './name-normalisation.js';
export { NAME_MAX_CHARS, validateTeacher } from './teacher-validation.js';
export { identityKey, pickWinner } from './identity.js';
export { chooseSchool, type CampusRule } from './campus-choice.js';
export { diffAccount, type DesiredPlacement } from './account-diff.js';
export { checkSafetyLimit, DEFAULT_SAFETY_POLICY, type SafetyPolicy, type SafetyVerdict } from './safety-limit.js';

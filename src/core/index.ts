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
export {
  checkAssignment,
  checkMove,
  type AssignmentState,
  type AssignmentVerdict,
  type ManualAssignment,
  type MoveRefusal,
  type StaleReason,
} from './manual-assignment.js';
export { placeTeacher, type Placement, type PlacementInput, type PlacementReason, type PlacementResult } from './school-placement.js';
export { diffAccount, type DesiredPlacement } from './account-diff.js';
export { isUnavailableCode, runFailure, splitFailed, type FailedSplit, type RunFailure, type RunOutcome } from './run-failure.js';
export { checkSafetyLimit, DEFAULT_SAFETY_POLICY, type SafetyPolicy, type SafetyVerdict } from './safety-limit.js';
export {
  compareSchoolNames, DEFAULT_NAME_SIMILARITY, nameSimilarity, placeIndex, schoolNameReadings,
  type NameMatchMethod, type PlaceIndex, type SchoolNameComparison, type SchoolNameParts,
} from './school-name-match.js';
export {
  classifyEnteredSchool, isPersonProblemCode, MISMATCH_KINDS, PERSON_PROBLEM_CODES, RECORD_PROBLEM_CODES,
  type EnteredSchool, type MismatchContext, type MismatchFinding, type MismatchKind, type MismatchVerdict, type PersonProblem,
  type PersonProblemCode,
} from './mismatch-finding.js';
export { institutionSuggester, type InstitutionSuggester } from './institution-suggestion.js';
export {
  bureauFor, cityOf, currentDivision, currentRecord, divisionDisplayName, divisionHistory, provinceDivisionCode, provinceDivisions, provincesInUse,
  routeCounty, type Bureau, type BureauChoice, type BureauDirectory, type CountyRoute, type DivisionHistory, type DivisionLevel,
  type DivisionRecord, type ProvinceDivisions, type RoutingSource,
} from './county-routing.js';

export { PlatformError, isPlatformError } from './errors.js';
export type { PlatformErrorCode, PlatformErrorInit, PlatformName, ServerError } from './errors.js';

export { createHttpClient, HTTP_DEFAULTS } from './http/http-client.js';
export type { HttpCallEvent, HttpClient, HttpClientOptions, HttpLogger, QueryParams, TokenProvider } from './http/http-client.js';
export { createTokenProvider } from './http/token-provider.js';
export type { ClientCredentialsTokenProvider, TokenProviderOptions } from './http/token-provider.js';
export { paginate } from './http/paging.js';
export type { Page } from './http/paging.js';
export { parseRetryAfter } from './http/retry-after.js';
export type { HttpTuning } from './http/client-options.js';

export { TeacherTrainingClient } from './teacher-training/teacher-training.client.js';
export type { TeacherTrainingClientOptions } from './teacher-training/teacher-training.client.js';
export { toSourceTeacher, toTeacherPage } from './teacher-training/teacher-training.mapping.js';
export type { RejectedTeacher, TeacherPage } from './teacher-training/teacher-training.mapping.js';

export { RegistryClient } from './registry/registry.client.js';
export type { RegistryClientOptions } from './registry/registry.client.js';
export { RegistryCsvSource } from './registry/registry.csv-source.js';
export type { RegistryCsvSourceOptions } from './registry/registry.csv-source.js';
export type { RegistryPage, RegistrySource, RejectedRow } from './registry/registry.mapping.js';

export { MAX_BATCH_ITEMS, StudentRecordClient } from './student-record/student-record.client.js';
export type { PutAccountResult, StudentRecordClientOptions } from './student-record/student-record.client.js';
export type {
  AccountPayload, BatchItem, BatchItemError, BatchItemResult, PlatformAccount,
} from './student-record/student-record.mapping.js';

export { createPlatformClients } from './platform-clients.js';
export type { PlatformClients } from './platform-clients.js';

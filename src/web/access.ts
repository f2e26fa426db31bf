import type { FastifyRequest } from 'fastify';
import { mayAccess, type ConsoleAction, type ConsolePerson, type ConsoleTarget } from '../core/console-access.js';
import type { DivisionHistory } from '../core/county-routing.js';

/** A request outside the person's scope: answered 403, logged at warn without personal data. */
export class AccessDeniedError extends Error {
  readonly code = 'CONSOLE_FORBIDDEN';
  readonly statusCode = 403;
  constructor(readonly action: ConsoleAction, readonly target: ConsoleTarget) {
    super(`not allowed: ${action} on ${describeTarget(target)}`);
    this.name = 'AccessDeniedError';
  }
}

/** No session (or an ended one) on a route that needs one. */
export class SignInRequiredError extends Error {
  readonly code = 'CONSOLE_SIGN_IN';
  readonly statusCode = 401;
  constructor() {
    super('sign-in required');
    this.name = 'SignInRequiredError';
  }
}

/** Codes only (division, institution): never anything personal. */
export function describeTarget(t: ConsoleTarget): string {
  switch (t.kind) {
    case 'province':
      return 'province';
    case 'area':
      return `area ${t.code}`;
    case 'school':
      return `school ${t.institutionCode}${t.areaCode ? ` in ${t.areaCode}` : ''}`;
  }
}

export interface Access {
  /** The signed-in person when they may do the action on the target; else throws AccessDeniedError. */
  require(request: FastifyRequest, target: ConsoleTarget, action: ConsoleAction): ConsolePerson;
  /** Whether they may (to show or hide a link); the route behind the link still calls `require`. */
  may(person: ConsolePerson, target: ConsoleTarget, action: ConsoleAction): boolean;
}

/** Asks the pure rule (src/core/console-access.ts) with the province's division history. */
export function createAccess(history: DivisionHistory): Access {
  return {
    require: (request, target, action) => {
      const person = request.person;
      if (!person) throw new SignInRequiredError();
      if (!mayAccess(person, target, action, history)) throw new AccessDeniedError(action, target);
      return person;
    },
    may: (person, target, action) => mayAccess(person, target, action, history),
  };
}

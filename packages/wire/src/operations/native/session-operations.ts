import { MeView, SessionView, SignInBody } from '../../native/native-schemas.js';
import type { NativeOperation } from '../operation.js';
import { NATIVE_BASE_PATH } from './native-paths.js';

/** Signing in and out, and who is calling: the console's session (cookie, plus the CSRF token for writes). */
export const NATIVE_SESSION_OPERATIONS = {
  signIn: {
    name: 'v1.signIn',
    summary: 'Sign in with email and password: sets the session cookie and returns the CSRF token',
    method: 'POST',
    path: `${NATIVE_BASE_PATH}/session`,
    kind: 'write',
    auth: 'none',
    body: SignInBody,
    status: 201,
    response: SessionView,
  },
  getSession: {
    name: 'v1.getSession',
    summary: 'The current session: its user and CSRF token',
    method: 'GET',
    path: `${NATIVE_BASE_PATH}/session`,
    kind: 'read',
    auth: 'session',
    status: 200,
    response: SessionView,
  },
  signOut: {
    name: 'v1.signOut',
    summary: 'Sign out: ends the session and clears the cookie',
    method: 'DELETE',
    path: `${NATIVE_BASE_PATH}/session`,
    kind: 'write',
    auth: 'session',
    status: 204,
  },
  me: {
    name: 'v1.me',
    summary: 'The calling user and tenant',
    method: 'GET',
    path: `${NATIVE_BASE_PATH}/me`,
    kind: 'read',
    auth: 'any',
    status: 200,
    response: MeView,
  },
} as const satisfies Record<string, NativeOperation>;

import { emailSurface } from '../channels/email/email-surface.js';
import { consoleSurface } from '../console/console-surface.js';
import { kaptureDialect } from '../dialects/kapture/kapture-dialect.js';
import { leadSquaredDialect } from '../dialects/leadsquared/leadsquared-dialect.js';
import { eventsSurface } from '../events/events-surface.js';
import type { Surface } from '../http/surface.js';
import { nativeSurface } from '../native/native-surface.js';
import { sandboxSurface } from '../sandbox/install-sandbox.js';

/**
 * Every surface the server mounts, in order: the events surface first (its `onRoute` hook tags every
 * later route with its operation, the events' origin), then the sandbox (its journal and fault hooks
 * must exist before the dialects' routes are added, so they inherit them), then the wire dialects,
 * Deskwire's own API and the mail channel. A new surface is a folder of its own plus one line here.
 */
export const SURFACES: readonly Surface[] = [
  eventsSurface,
  sandboxSurface,
  leadSquaredDialect,
  kaptureDialect,
  nativeSurface,
  emailSurface,
  consoleSurface,
];

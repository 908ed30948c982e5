/**
 * Every error the server can answer, with its HTTP status. The code is the stable `ExceptionType`
 * of the LeadSquared error envelope; docs/errors.md lists each one (a test keeps the two in step).
 */
export const ERROR_STATUS = {
  InvalidJson: 400,
  ValidationError: 400,
  InvalidFieldValue: 400,
  MandatoryFieldMissing: 400,
  UnknownField: 400,
  LeadNotFound: 400,
  LeadRequired: 400,
  MissingTicketDto: 400,
  InvalidFileName: 400,
  InvalidMultipart: 400,
  Unauthorized: 401,
  ApiDisabled: 403,
  IpNotAllowed: 403,
  Forbidden: 403,
  InvalidSignature: 403,
  UrlExpired: 403,
  TicketNotFound: 404,
  CustomerNotFound: 404,
  NotFound: 404,
  TenantNotFound: 404,
  FaultRuleNotFound: 404,
  RequestTimeout: 408,
  TenantExists: 409,
  MailboxExists: 409,
  PayloadTooLarge: 413,
  TooManyFiles: 413,
  UnsupportedMediaType: 415,
  RateLimitExceeded: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

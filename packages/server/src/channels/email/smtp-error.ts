/** An error smtp-server answers with the given reply code (550 unknown recipient, 452 too many, 421 busy). */
export function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

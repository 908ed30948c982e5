import { ApiCallError } from '../../api/http-client.js';

/**
 * The server's message when it refused the value of the one field a form sends: a 400 (bad value) or a
 * 409 (value taken). Anything else (403, 404, the network) is about the action, not the field.
 */
export function fieldMessage(error: unknown): string | undefined {
  return error instanceof ApiCallError && (error.status === 400 || error.status === 409) ? error.message : undefined;
}

/** An error shown next to its field; the field points at it with `aria-describedby` and `aria-invalid`. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p id={id} role="alert" className="error field-error">
      {message}
    </p>
  );
}

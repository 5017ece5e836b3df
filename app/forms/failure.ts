// How a business rule says no: a status for the response, a message a person can act on, and
// the form field it belongs to (if any). Modules return it; routes turn it into a 4xx.
export type Failure = { ok: false; status: 400 | 404 | 409 | 429; message: string; field?: string };

export function fail(status: Failure["status"], message: string, field?: string): Failure {
  return { ok: false, status, message, field };
}

import type { ConfirmationRequest, HttpResponse, SendInput } from '../../../preload/contract';
import { ApiError, toApiError } from '../api/errors';
import { readConfirmationRequest } from './confirmation-request';

/** How the operator answers main's two questions about a request. */
export interface SendAnswers {
  /** The production confirmation; null when the operator cancels. */
  confirm(request: ConfirmationRequest): Promise<{ token: string; typedName?: string } | null>;
  /** Sign-in for a connection that has sessions; null when it has none (not Secure X). */
  signIn(connectionId: string): Promise<boolean> | null;
}

export const CONFIRMATION_CANCELLED =
  'Not sent: you cancelled the confirmation, so nothing reached the tenant.';

/**
 * Sends, and when main answers `confirmation_required` or `auth_required`,
 * asks the operator and re-sends the same request — each question at most
 * once, so a second refusal is shown rather than looping.
 */
export async function sendGuarded(
  call: (input: SendInput) => Promise<HttpResponse>,
  input: SendInput,
  answers: SendAnswers,
): Promise<HttpResponse> {
  let attempt = input;
  let confirmed = false;
  let signedIn = false;
  for (;;) {
    try {
      return await call(attempt);
    } catch (err) {
      const error = toApiError(err);
      if (error.code === 'confirmation_required' && !confirmed) {
        const request = readConfirmationRequest(error.details);
        if (!request) throw error;
        const answer = await answers.confirm(request);
        if (!answer) throw new ApiError({ code: 'aborted', message: CONFIRMATION_CANCELLED });
        confirmed = true;
        attempt = { ...attempt, confirmation: answer };
        continue;
      }
      if (error.code === 'auth_required' && !signedIn) {
        const signIn = answers.signIn(input.connectionId);
        if (!signIn || !(await signIn)) throw error;
        signedIn = true;
        continue;
      }
      throw error;
    }
  }
}

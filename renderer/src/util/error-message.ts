/** The words of a failure for the user: the message only, never a stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  if (typeof error === 'string' && error !== '') return error;
  return 'Something went wrong. Try again; if it keeps happening, restart MCP Gate.';
}

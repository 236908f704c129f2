// Schemas are the edge where untrusted input is checked: this says what a schema found, in words.
import type { z } from 'zod';

/**
 * A schema's complaints about a value in one line, for messages that name the file before it:
 * `path: message` for each issue, joined by "; ". `whole` names issues about the value itself.
 */
export function schemaIssues(error: z.ZodError, whole = '(root)'): string {
	return error.issues.map((issue) => `${issue.path.join('.') || whole}: ${issue.message}`).join('; ');
}

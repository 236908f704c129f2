// Small shapes shared by several catalog formats.
import { z } from 'zod';

/** Service and team ids: lower-case kebab-case, as used in URLs and file names. */
export const Id = z
	.string()
	.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lower-case kebab-case, e.g. "payments-api".')
	.meta({ description: 'Lower-case kebab-case identifier, unique within its kind; used in URLs and file names.' });

/** Where a verdict or a fact comes from: a file (with line) or a resource id, never a secret value. */
export const Evidence = z
	.strictObject({
		file: z.string().optional().meta({ description: 'File path relative to the monorepo or inventory root, POSIX separators.' }),
		line: z.number().int().positive().optional().meta({ description: '1-based line in `file`.' }),
		resource: z
			.string()
			.optional()
			.meta({ description: 'Resource identifier: Terraform address, ARN, or Kubernetes kind/namespace/name.' }),
		detail: z.string().optional().meta({ description: 'What was seen there, in a few words.' }),
	})
	.meta({ description: 'A pointer to where a fact or verdict comes from.' });
export type Evidence = z.infer<typeof Evidence>;

/** An input that could not be read; the rest of the collection goes on. */
export const InputError = z
	.strictObject({
		collector: z.string().meta({ description: 'Id of the collector (or `discovery`) that met the problem.' }),
		file: z.string().meta({ description: 'The file that could not be read, relative to its root.' }),
		message: z.string().meta({ description: 'What went wrong and what to do about it. Never quotes a secret.' }),
	})
	.meta({ description: 'An input that could not be read.' });
export type InputError = z.infer<typeof InputError>;

export const Link = z
	.strictObject({
		title: z.string().meta({ description: 'Text shown for the link.' }),
		url: z.url({ protocol: /^https?$/ }).meta({ description: 'An http(s) URL; other schemes are rejected.' }),
	})
	.meta({ description: 'A link shown on the service page.' });
export type Link = z.infer<typeof Link>;

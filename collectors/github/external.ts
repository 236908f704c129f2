// Schemas of the GitHub API payloads the collector reads: only the fields it needs, permissive
// (`z.object`, `.catch`), so one odd item or a new field does not sink the collector.
import { z } from 'zod';

const Login = z.object({ login: z.string() }).nullable().catch(null);

export const Repository = z.object({
	full_name: z.string(),
	default_branch: z.string(),
	security_and_analysis: z
		.object({
			secret_scanning: z.object({ status: z.string() }).optional(),
			dependabot_security_updates: z.object({ status: z.string() }).optional(),
		})
		.nullable()
		.optional()
		.catch(null),
});

export const BranchProtection = z.object({
	required_pull_request_reviews: z
		.object({ required_approving_review_count: z.number().catch(0), require_code_owner_reviews: z.boolean().catch(false) })
		.optional(),
	required_status_checks: z.object({ contexts: z.array(z.string()).catch([]), checks: z.array(z.object({ context: z.string() })).catch([]) }).nullable().optional(),
	allow_force_pushes: z.object({ enabled: z.boolean() }).optional(),
	allow_deletions: z.object({ enabled: z.boolean() }).optional(),
	required_signatures: z.object({ enabled: z.boolean() }).optional(),
});
export type BranchProtection = z.infer<typeof BranchProtection>;

/** Rules that apply to a branch (GET /repos/{o}/{r}/rules/branches/{branch}). */
export const BranchRule = z.object({
	type: z.string(),
	parameters: z.record(z.string(), z.unknown()).optional().catch(undefined),
});
export type BranchRule = z.infer<typeof BranchRule>;

export const CodeScanningAlert = z.object({
	rule: z.object({ security_severity_level: z.string().nullable().optional(), severity: z.string().nullable().optional() }).catch({}),
	most_recent_instance: z.object({ location: z.object({ path: z.string() }).optional() }).optional().catch(undefined),
});
export type CodeScanningAlert = z.infer<typeof CodeScanningAlert>;

export const PullRequest = z.object({
	number: z.number(),
	title: z.string().catch(''),
	user: Login,
	created_at: z.string(),
	draft: z.boolean().catch(false),
	html_url: z.string().catch(''),
});
export type PullRequest = z.infer<typeof PullRequest>;

export const PullRequestFile = z.object({ filename: z.string(), previous_filename: z.string().optional() });

export const Issue = z.object({
	number: z.number(),
	title: z.string().catch(''),
	user: Login,
	created_at: z.string(),
	html_url: z.string().catch(''),
	pull_request: z.unknown().optional(),
});

export const Commit = z.object({
	commit: z.object({ committer: z.object({ date: z.string() }).nullable().catch(null), author: z.object({ date: z.string() }).nullable().catch(null) }),
});

export const Deployment = z.object({
	id: z.number(),
	environment: z.string().catch(''),
	created_at: z.string(),
	task: z.string().catch('deploy'),
	description: z.string().nullable().catch(null),
	payload: z.union([z.record(z.string(), z.unknown()), z.string()]).catch({}),
});
export type Deployment = z.infer<typeof Deployment>;

export const DeploymentStatus = z.object({ state: z.string(), created_at: z.string() });

export const Release = z.object({
	tag_name: z.string(),
	published_at: z.string().nullable().catch(null),
	draft: z.boolean().catch(false),
	prerelease: z.boolean().catch(false),
});
export type Release = z.infer<typeof Release>;

/** Parses a list, dropping items that do not fit instead of failing the whole list. */
export function parseList<T>(schema: z.ZodType<T>, items: unknown): T[] {
	return (Array.isArray(items) ? items : []).flatMap((item) => {
		const parsed = schema.safeParse(item);
		return parsed.success ? [parsed.data] : [];
	});
}

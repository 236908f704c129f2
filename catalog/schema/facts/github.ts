// Facts of the `github` collector.
import { z } from 'zod';

const PullRequest = z.strictObject({
	number: z.number().int().meta({ description: 'Pull request number.' }),
	title: z.string().meta({ description: 'Title (shown as text).' }),
	author: z.string().nullable().meta({ description: 'Login of the author.' }),
	createdAt: z.string().meta({ description: 'When it was opened (ISO 8601).' }),
	draft: z.boolean().meta({ description: 'Whether it is a draft.' }),
	url: z.string().meta({ description: 'Its page on the code host.' }),
});

const Issue = z.strictObject({
	number: z.number().int().meta({ description: 'Issue number.' }),
	title: z.string().meta({ description: 'Title (shown as text).' }),
	author: z.string().nullable().meta({ description: 'Login of the author.' }),
	createdAt: z.string().meta({ description: 'When it was opened (ISO 8601).' }),
	url: z.string().meta({ description: 'Its page on the code host.' }),
});

/**
 * Facts from the code host. Every field but `repository` and `unavailable` may be absent: a field
 * GitHub would not give (no token, a missing permission, a timeout, the request budget) is left out
 * and its reason recorded in `unavailable` (`*` for all), so checks on it are `unknown`, never `fail`.
 */
export const GitHubFacts = z
	.strictObject({
		repository: z.string().meta({ description: 'owner/name of the repository the service lives in.' }),
		defaultBranch: z.string().optional().meta({ description: 'Default branch.' }),
		isBranchProtected: z.boolean().optional().meta({ description: 'The default branch has branch protection or a ruleset.' }),
		requiredReviews: z.number().int().nonnegative().optional().meta({ description: 'Approving reviews required to merge into the default branch (0 when none).' }),
		codeOwnerReviews: z.boolean().optional().meta({ description: 'Code owners must review.' }),
		requiredStatusChecks: z.array(z.string()).optional().meta({ description: 'Status checks required before merging.' }),
		forcePushBlocked: z.boolean().optional().meta({ description: 'Force pushes to the default branch are blocked.' }),
		deletionBlocked: z.boolean().optional().meta({ description: 'Deleting the default branch is blocked.' }),
		signedCommits: z.boolean().optional().meta({ description: 'Signed commits are required.' }),
		secretScanning: z.boolean().nullable().optional().meta({ description: 'Secret scanning is on (null when the API does not say).' }),
		dependabotAlerts: z.boolean().optional().meta({ description: 'Dependabot alerts are on.' }),
		dependabotSecurityUpdates: z.boolean().nullable().optional().meta({ description: 'Dependabot security updates are on.' }),
		codeScanningAlerts: z
			.strictObject({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int() })
			.optional()
			.meta({ description: 'Open code scanning alerts by severity.' }),
		openPullRequests: z.array(PullRequest).optional().meta({ description: 'Open pull requests touching the service path, newest first.' }),
		openIssues: z.array(Issue).optional().meta({ description: 'Open issues labelled for the service, newest first.' }),
		lastMergedAt: z.string().nullable().optional().meta({ description: 'Last change merged to the default branch under the service path (ISO 8601).' }),
		lastDeployAt: z.string().nullable().optional().meta({ description: 'Last successful production deployment (or release, when the repository has no deployments).' }),
		deploysLast30Days: z.number().int().nonnegative().optional().meta({ description: 'Successful production deployments (or releases) in the 30 days before the build.' }),
		unavailable: z.record(z.string(), z.string()).meta({ description: 'Why a fact is missing, by fact name (`*` for every fact).' }),
	})
	.meta({ description: 'Facts from GitHub (collector `github`).' });
export type GitHubFacts = z.infer<typeof GitHubFacts>;

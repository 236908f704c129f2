// Pure: from GitHub payloads to facts.
import type { BranchProtection, BranchRule, Deployment, PullRequest, Release } from './external.ts';

export interface ProtectionFacts {
	isBranchProtected: boolean;
	requiredReviews: number;
	codeOwnerReviews: boolean;
	requiredStatusChecks: string[];
	forcePushBlocked: boolean;
	deletionBlocked: boolean;
	signedCommits: boolean;
}

/** Branch protection and rulesets together: either can require what the other does not. */
export function protectionFacts(protection: BranchProtection | null, rules: readonly BranchRule[]): ProtectionFacts {
	const ruleOf = (type: string) => rules.find((rule) => rule.type === type);
	const pullRequestRule = ruleOf('pull_request')?.parameters ?? {};
	const statusRule = ruleOf('required_status_checks')?.parameters ?? {};
	const ruleChecks = Array.isArray(statusRule.required_status_checks) ? statusRule.required_status_checks.map((check) => (check as { context?: unknown }).context).filter((context): context is string => typeof context === 'string') : [];
	const protectionChecks = [...(protection?.required_status_checks?.contexts ?? []), ...(protection?.required_status_checks?.checks ?? []).map((check) => check.context)];
	return {
		isBranchProtected: protection !== null || rules.length > 0,
		requiredReviews: Math.max(protection?.required_pull_request_reviews?.required_approving_review_count ?? 0, typeof pullRequestRule.required_approving_review_count === 'number' ? pullRequestRule.required_approving_review_count : 0),
		codeOwnerReviews: (protection?.required_pull_request_reviews?.require_code_owner_reviews ?? false) || pullRequestRule.require_code_owner_review === true,
		requiredStatusChecks: [...new Set([...protectionChecks, ...ruleChecks])].sort(),
		forcePushBlocked: (protection !== null && protection.allow_force_pushes?.enabled !== true) || ruleOf('non_fast_forward') !== undefined,
		deletionBlocked: (protection !== null && protection.allow_deletions?.enabled !== true) || ruleOf('deletion') !== undefined,
		signedCommits: protection?.required_signatures?.enabled === true || ruleOf('required_signatures') !== undefined,
	};
}

export function severityCounts(alerts: readonly { rule: { security_severity_level?: string | null; severity?: string | null } }[]): { critical: number; high: number; medium: number; low: number } {
	const counts = { critical: 0, high: 0, medium: 0, low: 0 };
	for (const alert of alerts) {
		const level = (alert.rule.security_severity_level ?? alert.rule.severity ?? 'low').toLowerCase();
		if (level === 'critical') counts.critical += 1;
		else if (level === 'high' || level === 'error') counts.high += 1;
		else if (level === 'medium' || level === 'warning') counts.medium += 1;
		else counts.low += 1;
	}
	return counts;
}

export function pullRequestFact(pull: PullRequest) {
	return { number: pull.number, title: pull.title, author: pull.user?.login ?? null, createdAt: pull.created_at, draft: pull.draft, url: pull.html_url };
}

/** Whether a changed file lies under the service root (`.` owns everything). */
export function touchesPath(files: readonly string[], servicePath: string): boolean {
	return servicePath === '.' || files.some((file) => file === servicePath || file.startsWith(`${servicePath}/`));
}

/**
 * A production deployment of this service: its environment is a production one, named after the
 * service (`payments-api-production`, `production/payments-api`), or its payload names the service.
 */
export function isServiceDeployment(deployment: Deployment, serviceNames: readonly string[], productionEnvironments: readonly string[]): boolean {
	const environment = deployment.environment.toLowerCase();
	const names = serviceNames.map((name) => name.toLowerCase());
	const production = productionEnvironments.map((name) => name.toLowerCase());
	const payloadService = typeof deployment.payload === 'object' && deployment.payload !== null ? deployment.payload.service : undefined;
	if (production.includes(environment)) return typeof payloadService === 'string' ? names.includes(payloadService.toLowerCase()) : names.some((name) => (deployment.description ?? '').toLowerCase().includes(name));
	return names.some((name) => production.some((env) => environment === `${name}-${env}` || environment === `${env}-${name}` || environment === `${env}/${name}` || environment === `${name}/${env}`));
}

/** Releases tagged for the service: `payments-api@1.2.3`, `payments-api-v1.2.3`, `payments-api/v1.2.3`. */
export function serviceReleases(releases: readonly Release[], serviceNames: readonly string[]): Release[] {
	const prefixes = serviceNames.flatMap((name) => [`${name}@`, `${name}-v`, `${name}/v`, `${name}/`]);
	return releases.filter((release) => !release.draft && !release.prerelease && release.published_at !== null && prefixes.some((prefix) => release.tag_name.toLowerCase().startsWith(prefix.toLowerCase())));
}

const DAY_MS = 86_400_000;

export function deployStats(dates: readonly string[], now: Date): { lastDeployAt: string | null; deploysLast30Days: number } {
	const sorted = [...dates].sort().reverse();
	return {
		lastDeployAt: sorted[0] ?? null,
		deploysLast30Days: sorted.filter((date) => now.getTime() - Date.parse(date) <= 30 * DAY_MS && Date.parse(date) <= now.getTime()).length,
	};
}

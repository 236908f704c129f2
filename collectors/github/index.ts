import type { Octokit } from '@octokit/rest';
import pLimit from 'p-limit';
import type { Evidence } from '../../catalog/schema/common.ts';
import { GitHubFacts } from '../../catalog/schema/facts.ts';
import { defineCollector, type CollectorProblem, type DiscoveredService } from '../types.ts';
import { describeGitHubError } from '../lib/octokit.ts';
import { BranchProtection, BranchRule, CodeScanningAlert, Commit, Deployment, DeploymentStatus, Issue, parseList, PullRequest, PullRequestFile, Release, Repository } from './external.ts';
import { deployStats, isServiceDeployment, protectionFacts, pullRequestFact, serviceReleases, severityCounts, touchesPath } from './extract.ts';
import { recordedFetch } from './recorded.ts';
import { GitHubSettingsSchema, githubClientOptions, githubToken, resolveGitHubSettings, type GitHubSettingsSection } from './settings.ts';
import { originRepository } from '../../catalog/io/git.ts';


/** Repository-wide answers, fetched once however many services live in the repository. */
interface RepositoryData {
	name: string;
	facts: Partial<GitHubFacts>;
	unavailable: Record<string, string>;
	pulls: { pull: PullRequest; files: string[] }[] | null;
	codeScanning: CodeScanningAlert[] | null;
	deployments: { deployment: Deployment; successAt: string | null }[] | null;
	releases: Release[] | null;
}

/** Repository settings, pull requests, issues and deploys from the code host. */
export const githubCollector = defineCollector({
	id: 'github',
	version: 1,
	description: 'Branch protection, security settings, open pull requests and issues, last merge and deploys from GitHub.',
	source: 'the GitHub API',
	howToEnable: 'Set GITHUB_TOKEN (read access; see the README) and `github.repository:` in shipshape.config.yaml.',
	facts: GitHubFacts,
	env: ['GITHUB_TOKEN', 'SHIPSHAPE_GITHUB_WAIT_SCALE'],
	activityFacts: ['openPullRequests', 'openIssues', 'lastMergedAt', 'lastDeployAt', 'deploysLast30Days'],
	activity: (facts) => ({
		pullRequests: facts.openPullRequests ?? null,
		issues: facts.openIssues ?? null,
		reason: facts.unavailable.openPullRequests ?? facts.unavailable.openIssues ?? facts.unavailable['*'] ?? null,
	}),
	settings: GitHubSettingsSchema,
	async collect(context, section) {
		// The token comes from the environment the collector declared; it is never logged or stored.
		const github = { ...resolveGitHubSettings(section as GitHubSettingsSection, context), token: githubToken(context.env) };
		const problems: CollectorProblem[] = [];
		const fallbackRepository = github.repository ?? (await originRepository(context.git, context.repoRoot))?.repository ?? null;
		const repositoryOf = (service: DiscoveredService) => service.repository ?? fallbackRepository;
		const offlineReason = github.offline ? 'the GitHub collector ran offline (--offline)' : github.token === null && github.recorded === null ? 'no GITHUB_TOKEN: the GitHub collector did not run' : null;
		if (offlineReason !== null || context.services.every((service) => repositoryOf(service) === null)) {
			const reason = offlineReason ?? 'no repository: set github.repository in shipshape.config.yaml or add a git remote';
			context.log.info(`github: ${reason}`);
			return { facts: new Map(context.services.map((service) => [service.id, { repository: repositoryOf(service) ?? 'unknown', unavailable: { '*': reason } }])), problems };
		}

		const client = await context.octokit(githubClientOptions(github, context.env, (message) => context.log.warn(message)));
		if (github.token === null && github.recorded !== null) {
			// Offline builds (the sample organisation) replay recorded responses instead of calling GitHub.
			client.octokit.hook.wrap('request', async (_request, options) => recordedFetch(github.recorded as string, client.octokit.request.endpoint(options as never)) as never);
		}
		const limit = pLimit(github.concurrency);
		const repositories = new Map<string, Promise<RepositoryData>>();
		const repositoryData = (name: string) => {
			let data = repositories.get(name);
			if (data === undefined) {
				data = readRepository(client.octokit, name, github.productionEnvironments, limit);
				repositories.set(name, data);
			}
			return data;
		};

		const facts = new Map<string, GitHubFacts>();
		const evidence = new Map<string, Record<string, Evidence[]>>();
		await Promise.all(
			context.services.map(async (service) => {
				const name = repositoryOf(service);
				if (name === null) {
					facts.set(service.id, { repository: 'unknown', unavailable: { '*': 'no repository for this service' } });
					return;
				}
				const repository = await repositoryData(name);
				const unavailable = { ...repository.unavailable };
				const value: GitHubFacts = { repository: name, ...repository.facts, unavailable };
				const names = [service.id, ...service.aliases];
				if (repository.codeScanning !== null) {
					// An alert belongs to the service whose files it points at; alerts without a location count for every service.
					value.codeScanningAlerts = severityCounts(repository.codeScanning.filter((alert) => {
						const location = alert.most_recent_instance?.location?.path;
						return location === undefined || (service.path !== null && touchesPath([location], service.path));
					}));
				}
				if (repository.pulls !== null) {
					value.openPullRequests = repository.pulls.filter(({ files }) => service.path !== null && touchesPath(files, service.path)).map(({ pull }) => pullRequestFact(pull));
				}
				await attempt(unavailable, 'openIssues', () => limit(() => serviceIssues(client.octokit, name, github.issueLabel.replaceAll('{service}', service.id))).then((issues) => (value.openIssues = issues)));
				if (value.defaultBranch !== undefined && service.path !== null) {
					const servicePath = service.path;
					await attempt(unavailable, 'lastMergedAt', () => limit(() => lastChange(client.octokit, name, value.defaultBranch!, servicePath)).then((date) => (value.lastMergedAt = date)));
				}
				const deploys = deployDates(repository, names, github.productionEnvironments);
				if (deploys !== null) Object.assign(value, deployStats(deploys, context.now));
				else unavailable.lastDeployAt = unavailable.deployments ?? 'no deployment data';
				facts.set(service.id, value);
				evidence.set(service.id, { isBranchProtected: [{ resource: `github:${name}@${value.defaultBranch ?? '?'}` }], lastDeployAt: [{ resource: `github:${name}` }] });
			}),
		);
		await client.saveCache();
		context.log.info(github.token === null ? `github: read recorded responses from ${github.recorded}` : `github: ${client.requestCount()} request(s) to ${github.baseUrl}`);
		return { facts, evidence, problems };
	},
});

async function readRepository(octokit: Octokit, name: string, productionEnvironments: readonly string[], limit: ReturnType<typeof pLimit>): Promise<RepositoryData> {
	const [owner, repo] = name.split('/') as [string, string];
	const unavailable: Record<string, string> = {};
	const facts: Partial<GitHubFacts> = {};
	const data: RepositoryData = { name, facts, unavailable, pulls: null, codeScanning: null, deployments: null, releases: null };
	const run = <T>(task: () => Promise<T>) => limit(task);

	const repository = await run(() => octokit.rest.repos.get({ owner, repo })).then(
		(response) => Repository.parse(response.data),
		(error: unknown) => {
			unavailable['*'] = describeGitHubError(error);
			return null;
		},
	);
	if (repository === null) return data;
	facts.defaultBranch = repository.default_branch;
	const security = repository.security_and_analysis;
	facts.secretScanning = security?.secret_scanning === undefined ? null : security.secret_scanning.status === 'enabled';
	facts.dependabotSecurityUpdates = security?.dependabot_security_updates === undefined ? null : security.dependabot_security_updates.status === 'enabled';

	await Promise.all([
		attempt(unavailable, ['isBranchProtected', 'requiredReviews', 'codeOwnerReviews', 'requiredStatusChecks', 'forcePushBlocked', 'deletionBlocked', 'signedCommits'], async () => {
			const protection = await run(() => octokit.rest.repos.getBranchProtection({ owner, repo, branch: repository.default_branch })).then(
				(response) => BranchProtection.parse(response.data),
				(error: { status?: number }) => {
					// 404 means "Branch not protected"; anything else is a missing answer.
					if (error.status === 404) return null;
					throw error;
				},
			);
			const rules = await run(() => octokit.request('GET /repos/{owner}/{repo}/rules/branches/{branch}', { owner, repo, branch: repository.default_branch, per_page: 100 })).then(
				(response) => parseList(BranchRule, response.data),
				(error: { status?: number }) => {
					if (error.status === 404) return [];
					throw error;
				},
			);
			Object.assign(facts, protectionFacts(protection, rules));
		}),
		attempt(unavailable, 'dependabotAlerts', async () => {
			facts.dependabotAlerts = await run(() => octokit.request('GET /repos/{owner}/{repo}/vulnerability-alerts', { owner, repo })).then(
				() => true,
				(error: { status?: number }) => {
					if (error.status === 404) return false;
					throw error;
				},
			);
		}),
		attempt(unavailable, 'codeScanningAlerts', async () => {
			data.codeScanning = parseList(CodeScanningAlert, await run(() => octokit.paginate('GET /repos/{owner}/{repo}/code-scanning/alerts', { owner, repo, state: 'open', per_page: 100 })));
		}),
		attempt(unavailable, 'openPullRequests', async () => {
			const pulls = parseList(PullRequest, await run(() => octokit.paginate('GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'open', per_page: 100 })));
			data.pulls = await Promise.all(
				pulls.map(async (pull) => {
					const files = parseList(PullRequestFile, await run(() => octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner, repo, pull_number: pull.number, per_page: 100 })));
					return { pull, files: files.flatMap((file) => [file.filename, ...(file.previous_filename ? [file.previous_filename] : [])]) };
				}),
			);
			data.pulls.sort((a, b) => (a.pull.created_at < b.pull.created_at ? 1 : -1));
		}),
		attempt(unavailable, 'deployments', async () => {
			const deployments = parseList(Deployment, await run(() => octokit.paginate('GET /repos/{owner}/{repo}/deployments', { owner, repo, per_page: 100 })));
			const production = deployments.filter((deployment) => productionEnvironments.some((environment) => deployment.environment.toLowerCase().includes(environment.toLowerCase())));
			data.deployments = await Promise.all(
				production.map(async (deployment) => {
					const statuses = parseList(DeploymentStatus, (await run(() => octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { owner, repo, deployment_id: deployment.id, per_page: 100 }))).data);
					const success = statuses.find((status) => status.state === 'success');
					return { deployment, successAt: success?.created_at ?? null };
				}),
			);
		}),
		attempt(unavailable, 'releases', async () => {
			data.releases = parseList(Release, (await run(() => octokit.request('GET /repos/{owner}/{repo}/releases', { owner, repo, per_page: 100 }))).data);
		}),
	]);
	return data;
}

/** Dates of successful production deploys of the service; releases when there are no deployments. */
function deployDates(repository: RepositoryData, names: readonly string[], productionEnvironments: readonly string[]): string[] | null {
	const deployments = (repository.deployments ?? []).filter(({ deployment, successAt }) => successAt !== null && isServiceDeployment(deployment, names, productionEnvironments));
	if (deployments.length > 0) return deployments.map(({ successAt }) => successAt!);
	if (repository.releases !== null) return serviceReleases(repository.releases, names).map((release) => release.published_at!);
	return repository.deployments === null ? null : [];
}

async function serviceIssues(octokit: Octokit, name: string, label: string): Promise<GitHubFacts['openIssues']> {
	const [owner, repo] = name.split('/') as [string, string];
	const issues = parseList(Issue, await octokit.paginate('GET /repos/{owner}/{repo}/issues', { owner, repo, state: 'open', labels: label, per_page: 100 }));
	return issues
		.filter((issue) => issue.pull_request === undefined)
		.map((issue) => ({ number: issue.number, title: issue.title, author: issue.user?.login ?? null, createdAt: issue.created_at, url: issue.html_url }))
		.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

async function lastChange(octokit: Octokit, name: string, branch: string, servicePath: string): Promise<string | null> {
	const [owner, repo] = name.split('/') as [string, string];
	const response = await octokit.request('GET /repos/{owner}/{repo}/commits', { owner, repo, sha: branch, ...(servicePath === '.' ? {} : { path: servicePath }), per_page: 1 });
	const [commit] = parseList(Commit, response.data);
	return commit?.commit.committer?.date ?? commit?.commit.author?.date ?? null;
}

/** Runs `task`; a failure marks `facts` unavailable with the reason instead of failing the collector. */
async function attempt(unavailable: Record<string, string>, facts: string | readonly string[], task: () => Promise<unknown>): Promise<void> {
	try {
		await task();
	} catch (error) {
		for (const fact of [facts].flat()) unavailable[fact] = describeGitHubError(error);
	}
}

/** `owner/name` from the `origin` remote (https or ssh form), or null. */


// Owner suggestions from code activity: who committed to each service's files recently, and which
// team they belong to. Read with `git log` (argument arrays, never a shell); bounded by a window in
// days and a number of commits. A non-git directory, a shallow clone or a monorepo that is only a
// subdirectory of a repository gives no suggestions rather than misleading ones.
import path from 'node:path';
import type { GitRunner } from '../../catalog/io/git.ts';
import type { SuggestedOwner } from '../../catalog/schema/service.ts';

const DAY_MS = 86_400_000;

export interface HistoryWindow {
	maxCommits: number;
	sinceDays: number;
	now: Date;
}

export interface CommitRecord {
	/** Full commit hash. */
	hash: string;
	subject: string;
	author: string;
	email: string;
	/** Author time, milliseconds since the epoch. */
	time: number;
	files: string[];
}

export type HistoryResult = { commits: CommitRecord[]; repositoryUrl: string | null } | { skipped: string };

export async function readHistory(runGit: GitRunner, repoRoot: string, window: HistoryWindow): Promise<HistoryResult> {
	const git = (args: string[]) => runGit(repoRoot, args);
	let topLevel: string;
	let shallow: string;
	try {
		const stdout = await git(['rev-parse', '--show-toplevel', '--is-shallow-repository']);
		[topLevel = '', shallow = ''] = stdout.toString('utf8').trim().split('\n');
	} catch {
		return { skipped: 'not a git repository' };
	}
	if (path.resolve(topLevel) !== path.resolve(repoRoot)) {
		// No absolute path in the message: it lands in the catalog, which must not depend on the machine.
		return { skipped: "the monorepo is a subdirectory of a git repository; history is read only for a repository's own root" };
	}
	if (shallow === 'true') return { skipped: 'shallow clone: fetch the history (fetch-depth: 0) for owner suggestions' };
	try {
		await git(['rev-parse', '--verify', '--quiet', 'HEAD']);
	} catch {
		return { skipped: 'the repository has no commits yet' };
	}
	const since = window.now.getTime() - window.sinceDays * DAY_MS;
	try {
		// The window is applied here rather than with --since: git stops walking at the first older
		// commit, so one commit with a skewed date would hide everything behind it.
		const stdout = await git(['log', '--no-merges', `--max-count=${window.maxCommits}`, `--format=${LOG_FORMAT}`, '--name-only', '-z']);
		const inWindow = (commit: CommitRecord) => commit.time >= since && commit.time <= window.now.getTime();
		const remote = await git(['remote', 'get-url', 'origin']).then((output) => output.toString('utf8').trim(), () => '');
		return { commits: parseLog(stdout.toString('utf8')).filter(inWindow), repositoryUrl: webUrlOfRemote(remote) };
	} catch (error) {
		return { skipped: (error as Error).message.split('\n')[0]! };
	}
}

/** Record separator, then hash, author, e-mail, author time and subject separated by unit separators. */
export const LOG_FORMAT = '%x1e%H%x1f%an%x1f%ae%x1f%at%x1f%s';

/** Parses `git log --format=LOG_FORMAT --name-only -z` output. */
export function parseLog(output: string): CommitRecord[] {
	const commits: CommitRecord[] = [];
	for (const record of output.split('\u001e')) {
		if (record === '') continue;
		const headerEnd = record.indexOf('\u0000');
		const header = headerEnd === -1 ? record : record.slice(0, headerEnd);
		const [hash = '', author = '', email = '', seconds = '0', ...subject] = header.split('\u001f');
		const files = (headerEnd === -1 ? '' : record.slice(headerEnd + 1).replace(/^\n/, '')).split('\u0000').filter((file) => file !== '');
		commits.push({ hash, subject: subject.join(' ').trim(), author, email, time: Number(seconds) * 1000, files });
	}
	return commits;
}

/**
 * The web address of a repository from its remote (`git@github.com:acme/shop.git`,
 * `https://token@gitlab.example/acme/shop.git`), without credentials; null for local paths and
 * anything else. Only the host and path are kept, so a token in a remote never travels further.
 */
export function webUrlOfRemote(remote: string): string | null {
	const scp = /^(?:[\w.-]+@)?([\w.-]+\.[a-z]{2,}):(?!\/)([\w.-]+(?:\/[\w.-]+)+)\/?$/i.exec(remote);
	if (scp !== null) return `https://${scp[1]}/${scp[2]!.replace(/\.git$/, '')}`;
	let url: URL;
	try {
		url = new URL(remote);
	} catch {
		return null;
	}
	if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol) || url.hostname === '') return null;
	const repositoryPath = url.pathname.replace(/\.git\/?$/, '').replace(/\/+$/, '');
	if (!/^(\/[\w.-]+){2,}$/.test(repositoryPath)) return null;
	return `https://${url.hostname}${repositoryPath}`;
}

/** Recent changes of one service, from the same bounded history as the owner suggestions. */
export interface ServiceChanges {
	lastChange: { date: string; commit: string } | null;
	commits30d: number;
	commits90d: number;
	/** Authors by commits in the window, most first (names only: e-mail addresses stay out of the catalog). */
	contributors: { name: string; commits: number }[];
	/** The last commits that touched the service, newest first. */
	recent: { commit: string; subject: string; author: string; date: string }[];
}

const RECENT_COMMITS = 5;
const TOP_CONTRIBUTORS = 5;

/** Per service: last change, commits in the last 30 and 90 days, top contributors and recent commits. */
export function summariseChanges(commits: readonly CommitRecord[], serviceOf: (file: string) => string | null, now: Date): Map<string, ServiceChanges> {
	const byService = new Map<string, CommitRecord[]>();
	for (const commit of commits) {
		for (const service of new Set(commit.files.map(serviceOf).filter((id): id is string => id !== null))) byService.set(service, [...(byService.get(service) ?? []), commit]);
	}
	const summaries = new Map<string, ServiceChanges>();
	const within = (days: number) => (commit: CommitRecord) => commit.time > now.getTime() - days * DAY_MS;
	for (const [service, touching] of byService) {
		// Newest first; git's order, made total by the hash for commits of the same second.
		const ordered = [...touching].sort((a, b) => b.time - a.time || (a.hash < b.hash ? -1 : 1));
		const authors = new Map<string, number>();
		for (const commit of ordered) authors.set(commit.author, (authors.get(commit.author) ?? 0) + 1);
		summaries.set(service, {
			lastChange: { date: new Date(ordered[0]!.time).toISOString(), commit: ordered[0]!.hash },
			commits30d: ordered.filter(within(30)).length,
			commits90d: ordered.filter(within(90)).length,
			contributors: [...authors]
				.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
				.slice(0, TOP_CONTRIBUTORS)
				.map(([name, count]) => ({ name, commits: count })),
			recent: ordered.slice(0, RECENT_COMMITS).map((commit) => ({ commit: commit.hash, subject: commit.subject, author: commit.author, date: new Date(commit.time).toISOString() })),
		});
	}
	return summaries;
}

export interface SuggestionInput {
	commits: readonly CommitRecord[];
	/** The service a file belongs to, or null. */
	serviceOf: (file: string) => string | null;
	/** The team of a commit author, or null when no team lists them. */
	teamOf: (author: string, email: string) => string | null;
	windowLabel: string;
	/** Suggestions below this share of a service's commits are dropped. */
	minimumShare?: number;
}

/**
 * Per service, the teams (or, for authors in no team, the authors) ranked by their share of the
 * commits that touched it. A commit counts once per service however many files it touched.
 */
export function suggestOwners({ commits, serviceOf, teamOf, windowLabel, minimumShare = 0.1 }: SuggestionInput): Map<string, SuggestedOwner[]> {
	const counts = new Map<string, Map<string, number>>();
	for (const commit of commits) {
		const owner = teamOf(commit.author, commit.email) ?? (commit.email || commit.author);
		const services = new Set(commit.files.map(serviceOf).filter((id): id is string => id !== null));
		for (const service of services) {
			const perOwner = counts.get(service) ?? new Map<string, number>();
			perOwner.set(owner, (perOwner.get(owner) ?? 0) + 1);
			counts.set(service, perOwner);
		}
	}
	const suggestions = new Map<string, SuggestedOwner[]>();
	for (const [service, perOwner] of counts) {
		const total = [...perOwner.values()].reduce((sum, count) => sum + count, 0);
		const ranked = [...perOwner.entries()]
			.map(([owner, count]) => ({ owner, count, share: count / total }))
			.filter((entry) => entry.share >= minimumShare)
			.sort((a, b) => b.count - a.count || (a.owner < b.owner ? -1 : 1))
			.slice(0, 3)
			.map(({ owner, share }) => ({
				owner,
				confidence: Math.round(share * 100) / 100,
				reason: `${Math.round(share * 100)}% of ${total} commit${total === 1 ? '' : 's'} ${windowLabel}`,
			}));
		suggestions.set(service, ranked);
	}
	return suggestions;
}

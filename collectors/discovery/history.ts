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
	author: string;
	email: string;
	/** Author time, milliseconds since the epoch. */
	time: number;
	files: string[];
}

export type HistoryResult = { commits: CommitRecord[] } | { skipped: string };

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
		const stdout = await git(['log', '--no-merges', `--max-count=${window.maxCommits}`, '--format=%x1e%an%x1f%ae%x1f%at', '--name-only', '-z']);
		const inWindow = (commit: CommitRecord) => commit.time >= since && commit.time <= window.now.getTime();
		return { commits: parseLog(stdout.toString('utf8')).filter(inWindow) };
	} catch (error) {
		return { skipped: (error as Error).message.split('\n')[0]! };
	}
}

/** Parses `git log --format=%x1e%an%x1f%ae%x1f%at --name-only -z` output. */
export function parseLog(output: string): CommitRecord[] {
	const commits: CommitRecord[] = [];
	for (const record of output.split('\u001e')) {
		if (record === '') continue;
		const headerEnd = record.indexOf('\u0000');
		const header = headerEnd === -1 ? record : record.slice(0, headerEnd);
		const [author = '', email = '', seconds = '0'] = header.split('\u001f');
		const files = (headerEnd === -1 ? '' : record.slice(headerEnd + 1).replace(/^\n/, '')).split('\u0000').filter((file) => file !== '');
		commits.push({ author, email, time: Number(seconds) * 1000, files });
	}
	return commits;
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

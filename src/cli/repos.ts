// `shipshape repos`: the repositories of an organisation, as the matrix a CI engine fans out over
// (a GitHub Actions `strategy.matrix` via `fromJSON`, GitLab `parallel:matrix`). Shipshape grows no
// scheduler of its own: it lists, the CI runs one collect job per entry.
import type { GitHubClient } from '../../collectors/lib/octokit.ts';
import { repositorySlug } from '../../catalog/format/repository-slug.ts';

export const REPOS_FORMATS = ['json', 'lines'] as const;
export type ReposFormat = (typeof REPOS_FORMATS)[number];

/** A GitHub Actions matrix allows at most this many jobs; more entries need `--shard-size`. */
export const MATRIX_LIMIT = 256;

interface ListedRepository {
	full_name: string;
	archived?: boolean;
	topics?: string[];
}

/** The organisation's repositories (`owner/name`, sorted), through the collector's throttled, budgeted client. */
export async function organisationRepositories(client: GitHubClient, org: string, { topic, excludeArchived }: { topic?: string; excludeArchived: boolean }): Promise<string[]> {
	const listed = (await client.octokit.paginate('GET /orgs/{org}/repos', { org, per_page: 100, type: 'all' })) as ListedRepository[];
	return listed
		.filter((repository) => !(excludeArchived && repository.archived === true))
		.filter((repository) => topic === undefined || (repository.topics ?? []).includes(topic))
		.map((repository) => repository.full_name)
		.sort();
}

/** Repositories listed one per line (`owner/name`, a GitLab group path or a clone URL); `#` starts a comment. */
export function repositoriesFromList(text: string, file: string): string[] {
	const entries = text
		.split(/\r?\n/)
		.map((line) => line.replace(/#.*$/, '').trim())
		.filter((line) => line !== '');
	const invalid = entries.filter((entry) => /\s/.test(entry));
	if (invalid.length > 0) throw new Error(`${file}: "${invalid[0]}" is not one repository; write one per line (owner/name, a group path or a URL).`);
	return [...new Set(entries)].sort();
}

export type MatrixEntry = { repository: string; slug: string } | { shard: number; repositories: string };

/** One entry per repository, or per shard of `shardSize` repositories (space-separated, for a shell loop). */
export function repositoryMatrix(repositories: readonly string[], shardSize: number | null): MatrixEntry[] {
	if (shardSize === null) return repositories.map((repository) => ({ repository, slug: repositorySlug(repository) }));
	const shards: MatrixEntry[] = [];
	for (let start = 0; start < repositories.length; start += shardSize) shards.push({ shard: shards.length + 1, repositories: repositories.slice(start, start + shardSize).join(' ') });
	return shards;
}

export function formatMatrix(entries: readonly MatrixEntry[], format: ReposFormat): string {
	if (format === 'json') return `${JSON.stringify({ include: entries })}\n`;
	return entries.map((entry) => `${'repository' in entry ? entry.repository : entry.repositories}\n`).join('');
}

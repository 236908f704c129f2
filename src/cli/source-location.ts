// Where the evidence lives on the code host: the repository's web address, the commit the catalog
// was built from, and the monorepo's path inside the git repository, so that a finding's file and
// line link to the exact lines (GitHub `blob/<commit>/<path>#L<n>`, GitLab `-/blob/…`). Read from
// git at build time (the scheduled job collects and builds on one checkout); null when the
// repository is not a git checkout or names no host, and then the page shows plain text.
import type { GitRunner } from '../../catalog/io/git.ts';
import { originRepository } from '../../catalog/io/git.ts';
import { resolveGitHubSettings, type GitHubSettingsSection } from '../../collectors/github/settings.ts';
import type { Settings } from '../lib/config/load.ts';
import type { ReportSource } from '../lib/report/schema.ts';

export async function sourceLocation(settings: Settings, git: GitRunner): Promise<ReportSource | null> {
	const run = async (args: string[]) => (await git(settings.repo, args, { timeoutMs: 10_000 })).toString('utf8').trim();
	let commit: string;
	let prefix: string;
	try {
		commit = await run(['rev-parse', 'HEAD']);
		prefix = await run(['rev-parse', '--show-prefix']);
	} catch {
		return null;
	}
	// The configured repository wins; the remote is asked only without one.
	const github = resolveGitHubSettings(settings.collectorSettings.github as GitHubSettingsSection | undefined, settings);
	if (github.repository !== null) return { host: 'github', webUrl: `${githubWebUrl(github.baseUrl)}/${github.repository}`, commit, prefix };
	const origin = await originRepository(git, settings.repo);
	if (origin === null) return null;
	const gitlab = /gitlab/i.test(origin.host) || settings.discovery.codeownersDialect === 'gitlab';
	return { host: gitlab ? 'gitlab' : 'github', webUrl: `https://${origin.host}/${origin.repository}`, commit, prefix };
}

/** The web address for an API address: api.github.com → github.com; GitHub Enterprise's /api/v3 dropped. */
function githubWebUrl(baseUrl: string): string {
	if (/^https:\/\/api\.github\.com\/?$/.test(baseUrl)) return 'https://github.com';
	return baseUrl.replace(/\/api\/v3\/?$/, '').replace(/\/$/, '');
}

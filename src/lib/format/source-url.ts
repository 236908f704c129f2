// Pure: a finding's evidence file and line as a link into the code host at the collected commit,
// or null when no host is known or the file is not in the repository (inventory exports).
import type { ReportSource } from '../report/schema.ts';

export function sourceFileUrl(source: ReportSource | null, file: string | undefined, line?: number): string | null {
	if (source === null || file === undefined || file.startsWith('inventory/') || file.includes('..')) return null;
	const path = `${source.prefix}${file}`.split('/').map(encodeURIComponent).join('/');
	const blob = source.host === 'gitlab' ? '-/blob' : 'blob';
	return `${source.webUrl}/${blob}/${source.commit}/${path}${line === undefined ? '' : `#L${line}`}`;
}

/**
 * Where a service of a merged catalog links its evidence: its own repository at the commit its
 * fragment was collected from, on the host of the site's repository (GitHub without one). Null
 * when the commit is unknown; then its evidence is plain text.
 */
export function repositorySource(site: ReportSource | null, repository: string, commit: string | null): ReportSource | null {
	if (commit === null) return null;
	if (/^https?:\/\//.test(repository)) return { host: /gitlab/i.test(repository) ? 'gitlab' : (site?.host ?? 'github'), webUrl: repository.replace(/\.git$/, '').replace(/\/$/, ''), commit, prefix: '' };
	const base = site === null ? 'https://github.com' : new URL(site.webUrl).origin;
	return { host: site?.host ?? 'github', webUrl: `${base}/${repository}`, commit, prefix: '' };
}

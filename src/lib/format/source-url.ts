// Pure: a finding's evidence file and line as a link into the code host at the collected commit,
// or null when no host is known or the file is not in the repository (inventory exports).
import type { ReportSource } from '../report/schema.ts';

export function sourceFileUrl(source: ReportSource | null, file: string | undefined, line?: number): string | null {
	if (source === null || file === undefined || file.startsWith('inventory/') || file.includes('..')) return null;
	const path = `${source.prefix}${file}`.split('/').map(encodeURIComponent).join('/');
	const blob = source.host === 'gitlab' ? '-/blob' : 'blob';
	return `${source.webUrl}/${blob}/${source.commit}/${path}${line === undefined ? '' : `#L${line}`}`;
}

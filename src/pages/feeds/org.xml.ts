import { atomFeed } from '../../lib/digest/atom.ts';
import { href } from '../../lib/format/url.ts';
import { loadReport } from '../../lib/report/load-report.ts';

export function GET(): Response {
	return new Response(atomFeed(loadReport(), null, href), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
}

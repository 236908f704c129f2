import { atomFeed } from '../../../lib/digest/atom.ts';
import { href } from '../../../lib/format/url.ts';
import { loadReport } from '../../../lib/report/load-report.ts';

export function getStaticPaths() {
	return loadReport().teams.map((team) => ({ params: { id: team.id } }));
}

export function GET({ params }: { params: { id: string } }): Response {
	return new Response(atomFeed(loadReport(), params.id, href), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
}

import { servicesCsv } from '../../lib/report/exports.ts';
import { loadFindings, loadReport } from '../../lib/report/load-report.ts';

export function GET(): Response {
	const csv = servicesCsv(loadReport(), (service) => new Map(loadFindings(service.id).map((finding) => [finding.checkId, finding.outcome])));
	return new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
}

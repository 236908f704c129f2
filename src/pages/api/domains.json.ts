import { domainsExport } from '../../lib/report/exports.ts';
import { loadReport } from '../../lib/report/load-report.ts';

export function GET(): Response {
	return new Response(domainsExport(loadReport()), { headers: { 'Content-Type': 'application/json' } });
}

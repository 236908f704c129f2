import type { ReportService } from '../../lib/report/schema.ts';
import { levelBadge } from '../../lib/report/exports.ts';
import { loadReport } from '../../lib/report/load-report.ts';

export function getStaticPaths() {
	return loadReport().services.map((service) => ({ params: { id: service.id }, props: { service } }));
}

export function GET({ props }: { props: { service: ReportService } }): Response {
	return new Response(levelBadge(props.service.level), { headers: { 'Content-Type': 'image/svg+xml' } });
}

// The only bridge into Astro: reads the report written by `shipshape build`, validates it once and
// memoises it for the whole build.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Report, type ReportCheck, type ReportService } from './schema.ts';

export const REPORT_ENV = 'SHIPSHAPE_REPORT';

let cached: { file: string; report: Report; serviceById: Map<string, ReportService>; checkById: Map<string, ReportCheck> } | undefined;

export function reportPath(): string {
	return process.env[REPORT_ENV] ?? path.resolve('.shipshape/report.json');
}

export function loadReport(): Report {
	const file = reportPath();
	if (cached?.file === file) return cached.report;
	let data: unknown;
	try {
		data = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new Error(`Cannot read the report at ${file}; build the site with \`shipshape build\` (npm run build), which writes it first.`, { cause: error });
	}
	const report = Report.parse(data);
	cached = {
		file,
		report,
		serviceById: new Map(report.services.map((service) => [service.id, service])),
		checkById: new Map(report.checks.map((check) => [check.id, check])),
	};
	return report;
}

/** A service of the report by id (memoised index, so pages stay linear at thousands of services). */
export function findService(id: string): ReportService | undefined {
	loadReport();
	return cached?.serviceById.get(id);
}

/** A check of the report by id; throws for an id the report does not have (a bug, not bad input). */
export function findCheck(id: string): ReportCheck {
	loadReport();
	const check = cached?.checkById.get(id);
	if (check === undefined) throw new Error(`Check "${id}" is not in the report.`);
	return check;
}

// The only bridge into Astro: reads the report written by `shipshape build`, validates it once and
// memoises it for the whole build.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Report } from './schema.ts';

export const REPORT_ENV = 'SHIPSHAPE_REPORT';

let cached: { file: string; report: Report } | undefined;

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
	cached = { file, report };
	return report;
}

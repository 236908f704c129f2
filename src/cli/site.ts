// Renders the static site with Astro from a report file. Astro reads the report through
// `src/lib/report/load-report.ts`, located by an environment variable.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../lib/config/load.ts';
import { REPORT_ENV } from '../lib/report/load-report.ts';
import type { Report } from '../lib/report/schema.ts';

export interface RenderOptions {
	outDir: string;
	base: string;
	quiet?: boolean;
}

export async function renderSite(report: Report, { outDir, base, quiet }: RenderOptions): Promise<void> {
	const workDirectory = await mkdtemp(path.join(tmpdir(), 'shipshape-report-'));
	const reportFile = path.join(workDirectory, 'report.json');
	try {
		await writeFile(reportFile, JSON.stringify(report));
		process.env[REPORT_ENV] = reportFile;
		process.env.ASTRO_TELEMETRY_DISABLED = '1';
		process.env.ASTRO_DISABLE_UPDATE_CHECK = 'true';
		const { build } = await import('astro');
		await build({ root: PACKAGE_ROOT, outDir, base, logLevel: quiet ? 'error' : 'warn', mode: 'production' });
	} finally {
		await rm(workDirectory, { recursive: true, force: true });
	}
}

// `shipshape lint`: the catalog's data-quality findings for people (text), tools (JSON) and GitHub
// Actions (workflow annotations on the descriptor's line), and catalog/quality.json for the build.
import { stableStringify } from '../../catalog/format/stable-json.ts';
import { commitCatalog } from '../../catalog/io/catalog-transaction.ts';
import type { QualityFinding, QualityReport } from '../../catalog/schema/quality.ts';

export type LintFormat = 'text' | 'json' | 'github';

/** The findings in a format, and whether a rule configured as `error` failed (exit 1). */
export function formatLint(report: QualityReport, format: LintFormat): { text: string; failed: boolean } {
	const failed = report.findings.some((finding) => finding.severity === 'error');
	if (format === 'json') return { text: `${JSON.stringify(report, null, 2)}\n`, failed };
	if (format === 'github') return { text: report.findings.map(annotation).join(''), failed };
	if (report.findings.length === 0) return { text: 'The catalog passes every data-quality rule.\n', failed };
	const fixes = new Map(report.rules.map((rule) => [rule.id, rule.fix]));
	const lines = report.findings.map((finding) => `${finding.severity === 'error' ? 'error  ' : 'warning'} ${finding.rule}: ${finding.message}${finding.file === null ? '' : ` (${finding.file}${finding.line === null ? '' : `:${finding.line}`})`}\n`);
	const errors = report.findings.filter((finding) => finding.severity === 'error').length;
	const rulesHit = [...new Set(report.findings.map((finding) => finding.rule))];
	return { text: `${lines.join('')}\n${report.findings.length} finding(s), ${errors} error(s). To fix:\n${rulesHit.map((rule) => `  ${rule}: ${fixes.get(rule)}\n`).join('')}`, failed };
}

/** A GitHub Actions workflow command: `::error file=…,line=…,title=…::message` (values escaped as the runner expects). */
function annotation(finding: QualityFinding): string {
	const properties = [finding.file === null ? null : `file=${escapeProperty(finding.file)}`, finding.line === null ? null : `line=${finding.line}`, `title=${escapeProperty(`shipshape ${finding.rule}`)}`].filter((entry) => entry !== null).join(',');
	return `::${finding.severity} ${properties}::${escapeData(finding.message)}\n`;
}

function escapeData(value: string): string {
	return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
	return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `catalog/quality.json`, through the catalog transaction (which leaves an unchanged file alone). */
export async function writeQuality(catalog: string, report: QualityReport): Promise<void> {
	await commitCatalog(catalog, { files: new Map([['quality.json', stableStringify({ $schema: './schema/json/quality.schema.json', ...report })]]) });
}

// Machine-readable exports published next to the pages: JSON for tools, CSV for spreadsheets and
// an SVG level badge per service for READMEs. Pure: report in, text out.
import { levelLabel } from '../format/level.ts';
import type { Report, ReportService } from './schema.ts';

/** `api/services.json`: one entry per service, without the per-check findings. */
export function servicesExport(report: Report): string {
	return `${JSON.stringify({ generatedAt: report.generatedAt, rubricVersion: report.rubricVersion, services: report.services }, null, 2)}\n`;
}

export function teamsExport(report: Report): string {
	return `${JSON.stringify({ generatedAt: report.generatedAt, rubricVersion: report.rubricVersion, teams: report.teams }, null, 2)}\n`;
}

export function systemsExport(report: Report): string {
	return `${JSON.stringify({ generatedAt: report.generatedAt, rubricVersion: report.rubricVersion, systems: report.systems }, null, 2)}\n`;
}

export function domainsExport(report: Report): string {
	return `${JSON.stringify({ generatedAt: report.generatedAt, rubricVersion: report.rubricVersion, domains: report.domains }, null, 2)}\n`;
}

export function checksExport(report: Report): string {
	return `${JSON.stringify({ generatedAt: report.generatedAt, rubricVersion: report.rubricVersion, levels: report.levels, checks: report.checks }, null, 2)}\n`;
}

/**
 * `services.csv`: a row per service, a column per check with its outcome. Cells are quoted when
 * needed, and cells that a spreadsheet would run as a formula (=, +, -, @) are prefixed with '.
 */
export function servicesCsv(report: Report, outcomes: (service: ReportService) => ReadonlyMap<string, string>): string {
	const checkIds = report.checks.map((check) => check.id);
	const header = ['service', 'name', 'owner', 'tier', 'lifecycle', 'language', 'level', 'score', ...checkIds];
	const rows = report.services.map((service) => {
		const byCheck = outcomes(service);
		return [service.id, service.name, service.owner ?? '', service.tier?.toString() ?? '', service.lifecycle ?? '', service.language ?? '', service.level ?? 'none', String(service.score), ...checkIds.map((id) => byCheck.get(id) ?? '')];
	});
	return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const BADGE_COLOURS: Readonly<Record<string, string>> = { none: '#6e7781', bronze: '#8a4f1c', silver: '#59636e', gold: '#8a6d00' };

/** A shields-style SVG badge: "readiness | Gold". Text is escaped; width follows the text. */
export function levelBadge(level: string | null): string {
	const label = 'readiness';
	const value = levelLabel(level);
	const colour = BADGE_COLOURS[level ?? 'none'] ?? '#0b5cad';
	const labelWidth = 6 * label.length + 12;
	const valueWidth = 7 * value.length + 12;
	const width = labelWidth + valueWidth;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${escapeXml(`${label}: ${value}`)}"><title>${escapeXml(`${label}: ${value}`)}</title><rect width="${labelWidth}" height="20" fill="#555"/><rect x="${labelWidth}" width="${valueWidth}" height="20" fill="${colour}"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle"><text x="${labelWidth / 2}" y="14">${escapeXml(label)}</text><text x="${labelWidth + valueWidth / 2}" y="14">${escapeXml(value)}</text></g></svg>\n`;
}

function escapeXml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

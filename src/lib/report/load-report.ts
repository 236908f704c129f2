// The only bridge into Astro: reads what `shipshape build` wrote (the report, and the findings of
// every service as one JSON line each), validates the report and memoises it for the whole build.
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { z } from 'zod';
import path from 'node:path';
import { Report, type ReportCheck, type ReportService, type ServiceFindings } from './schema.ts';

/** Directory holding report.json and findings.ndjson, set by the CLI before Astro builds. */
export const REPORT_ENV = 'SHIPSHAPE_REPORT_DIR';
export const REPORT_FILE = 'report.json';
export const FINDINGS_FILE = 'findings.ndjson';
/** Optional: `{ "services": [ids] }`, the service pages to render; the others come from the page cache. */
export const RENDER_PLAN_FILE = 'render-plan.json';

interface Loaded {
	directory: string;
	report: Report;
	serviceById: Map<string, ReportService>;
	checkById: Map<string, ReportCheck>;
	findings?: FindingsIndex;
	toRender?: ReportService[];
}

let cached: Loaded | undefined;

function reportDirectory(): string {
	return process.env[REPORT_ENV] ?? path.resolve('.shipshape');
}

function load(): Loaded {
	const directory = reportDirectory();
	if (cached?.directory === directory) return cached;
	const file = path.join(directory, REPORT_FILE);
	let data: unknown;
	try {
		data = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new Error(`Cannot read the report at ${file}; build the site with \`shipshape build\` (npm run build), which writes it first.`, { cause: error });
	}
	const report = Report.parse(data);
	cached = {
		directory,
		report,
		serviceById: new Map(report.services.map((service) => [service.id, service])),
		checkById: new Map(report.checks.map((check) => [check.id, check])),
	};
	return cached;
}

export function loadReport(): Report {
	return load().report;
}

/** The services whose page this build renders: all, unless the CLI wrote a render plan. */
export function servicesToRender(): ReportService[] {
	const loaded = load();
	if (loaded.toRender !== undefined) return loaded.toRender;
	const file = path.join(loaded.directory, RENDER_PLAN_FILE);
	const plan = existsSync(file) ? RenderPlan.parse(JSON.parse(readFileSync(file, 'utf8'))) : null;
	const wanted = plan === null ? null : new Set(plan.services);
	loaded.toRender = wanted === null ? loaded.report.services : loaded.report.services.filter((service) => wanted.has(service.id));
	return loaded.toRender;
}

const RenderPlan = z.object({ services: z.array(z.string()) });

/** A service of the report by id (memoised index, so pages stay linear at thousands of services). */
export function findService(id: string): ReportService | undefined {
	return load().serviceById.get(id);
}

/** A check of the report by id; throws for an id the report does not have (a bug, not bad input). */
export function findCheck(id: string): ReportCheck {
	const check = load().checkById.get(id);
	if (check === undefined) throw new Error(`Check "${id}" is not in the report.`);
	return check;
}

/**
 * The findings of one service. The findings file is indexed once (the byte range of each line) and
 * read in windows of a few megabytes as pages ask for their line, so no page holds every service's
 * findings, as objects or as bytes: at 50,000 services × 40 checks the file is over 500 MB.
 */
export function loadFindings(id: string): ServiceFindings['findings'] {
	const loaded = load();
	loaded.findings ??= indexFindings(path.join(loaded.directory, FINDINGS_FILE));
	const range = loaded.findings.lineById.get(id);
	if (range === undefined) throw new Error(`No findings for service "${id}" in ${FINDINGS_FILE}.`);
	// Parsed, not validated again: the CLI wrote this line during this build from findings it had
	// just produced and typed (validating every finding of every page cost 1.3 s at 20,000 services).
	return (JSON.parse(lineOf(loaded.findings, range).toString('utf8')) as ServiceFindings).findings;
}

interface FindingsIndex {
	file: string;
	lineById: Map<string, [number, number]>;
	/** The last bytes read from the file, from `start` on. */
	window?: { start: number; bytes: Buffer };
}

/** Bytes read from the findings file at once: pages render in the file's order, so most lines are in the last window. */
const READ_WINDOW = 1 << 23;

/**
 * A line's bytes, from the current window or a new one starting at the line. The file is opened for
 * each window rather than for the whole build: the CLI deletes the directory afterwards, which an
 * open file would stop on some systems. Exported for its test.
 */
export function lineOf(index: FindingsIndex, [start, end]: [number, number]): Buffer {
	const current = index.window;
	if (current !== undefined && start >= current.start && end <= current.start + current.bytes.length) return current.bytes.subarray(start - current.start, end - current.start);
	const bytes = Buffer.allocUnsafe(Math.max(end - start, READ_WINDOW));
	const descriptor = openSync(index.file, 'r');
	try {
		index.window = { start, bytes: bytes.subarray(0, readSync(descriptor, bytes, 0, bytes.length, start)) };
	} finally {
		closeSync(descriptor);
	}
	return index.window.bytes.subarray(0, end - start);
}

/** Bytes of the findings file scanned at a time for line ends. */
const SCAN_CHUNK = 1 << 22;
/** Each line starts with {"id":"<id>", as written by the CLI; an id is far shorter than this. */
const ID_PREFIX = 256;

/** Exported for its test: where each line of a findings file starts and ends. */
export function indexFindings(file: string): FindingsIndex {
	const descriptor = openSync(file, 'r');
	try {
		return { file, lineById: lineRanges(descriptor) };
	} finally {
		closeSync(descriptor);
	}
}

/** Each service's line in the findings file: its byte range, by the id it starts with. */
function lineRanges(descriptor: number): Map<string, [number, number]> {
	const lineById = new Map<string, [number, number]>();
	const chunk = Buffer.allocUnsafe(SCAN_CHUNK);
	const head = Buffer.allocUnsafe(ID_PREFIX);
	const addLine = (start: number, end: number) => {
		if (end === start) return;
		const length = readSync(descriptor, head, 0, Math.min(ID_PREFIX, end - start), start);
		const id = /^\{"id":"([^"]+)"/.exec(head.toString('utf8', 0, length))?.[1];
		if (id !== undefined) lineById.set(id, [start, end]);
	};
	let lineStart = 0;
	let position = 0;
	for (let filled = readSync(descriptor, chunk, 0, SCAN_CHUNK, 0); filled > 0; filled = readSync(descriptor, chunk, 0, SCAN_CHUNK, position)) {
		for (let newline = chunk.indexOf(10); newline !== -1 && newline < filled; newline = chunk.indexOf(10, newline + 1)) {
			addLine(lineStart, position + newline);
			lineStart = position + newline + 1;
		}
		position += filled;
	}
	// The last line has no newline after it.
	addLine(lineStart, position);
	return lineById;
}

/** The widgets a page shows: the team's own list when configured, else the default for the page type. */
export function widgetsFor(page: 'service' | 'team', teamId: string | null): Report['widgets']['service'] {
	const { widgets } = load().report;
	const own = teamId === null ? undefined : widgets.teams[teamId]?.[page];
	return own ?? widgets[page];
}

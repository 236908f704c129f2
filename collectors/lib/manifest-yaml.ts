// Multi-document YAML written by machines (Kubernetes manifests, rendered charts, dumps), parsed
// with js-yaml: about ten times faster than the `yaml` package on large files, which matters at
// thousands of manifests. Authored files (descriptors, rubric, config) use `yaml` instead, for its
// exact line and column positions. Aliases are shared references in js-yaml, so an alias bomb does
// not expand in memory; readers only look at the fields they need.
import jsYaml from 'js-yaml';

export interface ManifestDocument {
	value: unknown;
	/** 1-based line where the document's content starts. */
	line: number;
}

const SEPARATOR = /^---(?:[ \t].*)?$/;

/**
 * A document without aliases has fewer values than characters; real manifests that share blocks
 * with anchors stay within a few times that. An alias bomb (a few lines that expand to millions of
 * values) would make every reader that walks the document hang, so it is refused.
 */
const EXPANSION_PER_CHARACTER = 4;
const MIN_EXPANSION_LIMIT = 100_000;

/** True when walking `value` as a tree (shared references counted each time) visits more than `limit` values. */
export function expandsBeyond(value: unknown, limit: number): boolean {
	let visited = 0;
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const current = stack.pop();
		visited += 1;
		if (visited > limit) return true;
		if (Array.isArray(current)) for (const item of current) stack.push(item);
		else if (current !== null && typeof current === 'object') for (const item of Object.values(current)) stack.push(item);
	}
	return false;
}

/** `schema` adds a format's own tags (GitLab's `!reference`); without it, only standard YAML is read. */
export function parseManifestDocuments(text: string, schema?: jsYaml.Schema): { documents: ManifestDocument[]; problems: string[] } {
	const documents: ManifestDocument[] = [];
	const problems: string[] = [];
	const lines = text.split(/\r?\n/);
	let chunk: string[] = [];
	let chunkStart = 1;
	const flush = () => {
		const source = chunk.join('\n');
		chunk = [];
		if (source.trim() === '') return;
		const firstContent = source.split('\n').findIndex((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
		try {
			const value = jsYaml.load(source, schema === undefined ? { json: true } : { json: true, schema });
			const line = chunkStart + Math.max(firstContent, 0);
			if (expandsBeyond(value, Math.max(MIN_EXPANSION_LIMIT, source.length * EXPANSION_PER_CHARACTER))) {
				problems.push(`${line}: YAML aliases expand this document to far more values than it has text (an alias bomb?); it was not read. Write the values out or use fewer nested aliases.`);
			} else if (value !== null && value !== undefined) {
				documents.push({ value, line });
			}
		} catch (error) {
			const mark = (error as { mark?: { line: number; column: number } }).mark;
			const where = mark === undefined ? `:${chunkStart}` : `:${chunkStart + mark.line}:${mark.column + 1}`;
			const reason = (error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0];
			problems.push(`${where.slice(1)}: invalid YAML: ${reason}`);
		}
	};
	for (const [index, line] of lines.entries()) {
		if (SEPARATOR.test(line)) {
			flush();
			chunkStart = index + 2;
			continue;
		}
		chunk.push(line);
	}
	flush();
	return { documents, problems };
}

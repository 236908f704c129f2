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

export function parseManifestDocuments(text: string): { documents: ManifestDocument[]; problems: string[] } {
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
			const value = jsYaml.load(source, { json: true });
			if (value !== null && value !== undefined) documents.push({ value, line: chunkStart + Math.max(firstContent, 0) });
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

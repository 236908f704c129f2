// Pure readers of the files in a service directory.
import path from 'node:path';

export interface DockerfileSummary {
	baseImagePinned: boolean;
	hasNonRootUser: boolean;
	hasHealthcheck: boolean;
}

/** Reads FROM/USER/HEALTHCHECK instructions, following line continuations and multi-stage builds. */
export function parseDockerfile(content: string): DockerfileSummary {
	const instructions = content
		.replace(/\\\r?\n/g, ' ')
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line !== '' && !line.startsWith('#'))
		.map((line) => {
			const [keyword = '', ...rest] = line.split(/\s+/);
			return { keyword: keyword.toUpperCase(), args: rest };
		});
	const stages = new Set<string>();
	let pinned = true;
	let sawFrom = false;
	let user: string | null = null;
	let hasHealthcheck = false;
	for (const { keyword, args } of instructions) {
		if (keyword === 'FROM') {
			sawFrom = true;
			user = null;
			const operands = args.filter((arg) => !arg.startsWith('--'));
			const image = operands[0] ?? '';
			const asIndex = operands.findIndex((arg) => arg.toUpperCase() === 'AS');
			if (asIndex >= 0 && operands[asIndex + 1] !== undefined) stages.add(operands[asIndex + 1]!.toLowerCase());
			if (!stages.has(image.toLowerCase()) || asIndex === 0) pinned &&= isPinnedImage(image, stages);
		} else if (keyword === 'USER') {
			user = args[0] ?? null;
		} else if (keyword === 'HEALTHCHECK') {
			hasHealthcheck = (args[0] ?? '').toUpperCase() !== 'NONE';
		}
	}
	const userName = user?.split(':')[0] ?? null;
	return {
		baseImagePinned: sawFrom && pinned,
		hasNonRootUser: userName !== null && userName !== 'root' && userName !== '0',
		hasHealthcheck,
	};
}

function isPinnedImage(image: string, stages: ReadonlySet<string>): boolean {
	if (image === 'scratch' || stages.has(image.toLowerCase())) return true;
	if (image.includes('@sha256:')) return true;
	if (image.includes('$')) return false;
	const lastSegment = image.split('/').at(-1) ?? '';
	const tag = lastSegment.includes(':') ? lastSegment.split(':').at(-1) : undefined;
	return tag !== undefined && tag !== '' && tag !== 'latest';
}

const TEST_FILE_PATTERNS: readonly RegExp[] = [
	/_test\.go$/,
	/\.(test|spec)\.[cm]?[jt]sx?$/,
	/(^|\/)test_[^/]+\.py$/,
	/_test\.py$/,
	/_spec\.rb$/,
	/_test\.rb$/,
	/(^|\/)[^/]+Tests?\.(java|kt|cs|scala)$/,
	/_test\.exs$/,
	/Test\.php$/,
];

const TEST_DIRECTORIES = /(^|\/)(tests?|__tests__|spec|src\/test)\//;

/** Test files by the conventions of each language. Rust inline `#[cfg(test)]` modules are checked by the caller. */
export function isTestFile(file: string): boolean {
	return TEST_DIRECTORIES.test(file) || TEST_FILE_PATTERNS.some((pattern) => pattern.test(file));
}

export function hasRustInlineTests(content: string): boolean {
	return /#\[cfg\(test\)\]/.test(content);
}

export function isReadme(file: string, serviceRoot: string): boolean {
	const directory = path.posix.dirname(file);
	return (directory === serviceRoot || (serviceRoot === '.' && directory === '.')) && /^readme(\.[\w]+)?$/i.test(path.posix.basename(file));
}

export function isDockerfile(file: string): boolean {
	return /(^|\/)(Dockerfile|[\w.-]+\.Dockerfile|Dockerfile\.[\w-]+)$/.test(file);
}

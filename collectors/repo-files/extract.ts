// Pure readers of the files in a service directory.
import path from 'node:path';
import { DockerfileParser, type From as FromInstruction } from 'dockerfile-ast';

export interface DockerfileSummary {
	baseImagePinned: boolean;
	hasNonRootUser: boolean;
	hasHealthcheck: boolean;
}

/**
 * FROM, USER and HEALTHCHECK of a Dockerfile, read with dockerfile-ast (the parser of the Docker
 * language server: line continuations, heredocs, parser directives, flags such as --platform).
 * `ARG` defaults are substituted where the instruction uses them (`FROM node:${NODE_VERSION}`). A
 * stage built `FROM` an earlier stage inherits that stage's base image, user and healthcheck; the
 * final stage is what runs. Pinned means every external base image has a digest or an explicit tag
 * other than `latest`, after substitution; an ARG without a default cannot be pinned.
 */
export function parseDockerfile(content: string): DockerfileSummary {
	const dockerfile = DockerfileParser.parse(content);
	const stages = new Map<string, StageState>();
	let current: StageState | null = null;
	let pinned = true;
	let sawFrom = false;
	for (const instruction of dockerfile.getInstructions()) {
		const keyword = instruction.getKeyword().toUpperCase();
		const args = instruction.getExpandedArguments().map((argument) => argument.getValue());
		if (keyword === 'FROM') {
			sawFrom = true;
			const image = args[0] ?? '';
			const parent = stages.get(image.toLowerCase());
			current = parent !== undefined ? { ...parent } : { pinned: isPinnedImage(image), user: null, healthcheck: false };
			pinned &&= current.pinned;
			const stage = (instruction as FromInstruction).getBuildStage?.();
			if (stage) stages.set(stage.toLowerCase(), current);
		} else if (current !== null && keyword === 'USER') {
			current.user = args[0] ?? null;
		} else if (current !== null && keyword === 'HEALTHCHECK') {
			current.healthcheck = (args[0] ?? '').toUpperCase() !== 'NONE';
		}
	}
	const userName = current?.user?.split(':')[0] ?? null;
	return {
		baseImagePinned: sawFrom && pinned,
		hasNonRootUser: userName !== null && userName !== 'root' && userName !== '0',
		hasHealthcheck: current?.healthcheck ?? false,
	};
}

interface StageState {
	pinned: boolean;
	user: string | null;
	healthcheck: boolean;
}

function isPinnedImage(image: string): boolean {
	if (image === 'scratch' || image.includes('@sha256:')) return true;
	// A variable left after substitution (an ARG without a default) could be anything.
	if (image === '' || image.includes('$')) return false;
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

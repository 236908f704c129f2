// What a Dockerfile says about where a service lives: the images it builds on (so that an image
// only ever used as another Dockerfile's base is known for a base or toolchain image, not a
// service) and the directories it copies from its build context (so that a Dockerfile at a shared
// root that copies one sub-directory is rooted there). Read with dockerfile-ast, never executed.
import { DockerfileParser, type From as FromInstruction, type ModifiableInstruction } from 'dockerfile-ast';

export interface DockerfileBuild {
	/** External images of `FROM` lines (earlier stages excluded), as written after ARG substitution. */
	baseImages: string[];
	/** Sources of `COPY`/`ADD` from the build context (not `--from=` stages, not URLs), as written. */
	copies: string[];
}

export function readDockerfileBuild(text: string): DockerfileBuild {
	const stages = new Set<string>();
	const baseImages: string[] = [];
	const copies: string[] = [];
	for (const instruction of DockerfileParser.parse(text).getInstructions()) {
		const keyword = instruction.getKeyword().toUpperCase();
		const args = instruction.getExpandedArguments().map((argument) => argument.getValue());
		if (keyword === 'FROM') {
			const image = args.find((arg) => !arg.startsWith('--')) ?? '';
			if (image !== '' && !stages.has(image.toLowerCase()) && image !== 'scratch') baseImages.push(image);
			const stage = (instruction as FromInstruction).getBuildStage?.();
			if (stage) stages.add(stage.toLowerCase());
		} else if (keyword === 'COPY' || keyword === 'ADD') {
			// Flags are not arguments in dockerfile-ast: `--from=<stage>` copies from a stage, not the context.
			const flags = 'getFlags' in instruction ? (instruction as ModifiableInstruction).getFlags() : [];
			if (flags.some((flag) => flag.getName().toLowerCase() === 'from') || args.some((arg) => arg.startsWith('--from'))) continue;
			const operands = args.filter((arg) => !arg.startsWith('--'));
			// The last operand is the destination; JSON form (`["a", "b"]`) arrives with its brackets.
			for (const source of operands.slice(0, -1)) {
				const cleaned = source.replace(/^\[?"?|"?,?\]?$/g, '');
				if (cleaned !== '' && !/^[a-z]+:\/\//i.test(cleaned)) copies.push(cleaned);
			}
		}
	}
	return { baseImages, copies };
}

// Reads a rubric directory (levels.yaml + checks/*.yaml), validates everything and fails with one
// RubricError listing every problem; never returns a partial rubric.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CheckDefinition, LevelsFile, type Rubric } from '../../../rubrics/schema.ts';
import { locateInYaml, parseAuthoredYaml } from '../files/authored-yaml.ts';
import { compareIds } from '../scoring/score.ts';
import type { Evaluator } from '../scoring/model.ts';
import { validateRubric } from '../scoring/validate.ts';

export class RubricError extends Error {
	readonly problems: string[];
	constructor(directory: string, problems: string[]) {
		super(`The rubric in ${directory} has ${problems.length} problem(s):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
		this.name = 'RubricError';
		this.problems = problems;
	}
}

export async function loadRubric(directory: string, evaluators: ReadonlyMap<string, Evaluator>): Promise<Rubric> {
	const problems: string[] = [];
	const hash = createHash('sha256');
	const levelsPath = path.join(directory, 'levels.yaml');
	const levelsText = await readText(levelsPath, problems);
	let levels: Rubric['levels'] = [];
	if (levelsText !== undefined) {
		hash.update(`levels.yaml\0${levelsText}\0`);
		const parsed = parseAuthoredYaml(levelsPath, levelsText, LevelsFile);
		if (parsed.ok) levels = parsed.value.levels;
		else problems.push(...parsed.problems);
	}

	const checksDirectory = path.join(directory, 'checks');
	let files: string[] = [];
	try {
		files = (await readdir(checksDirectory)).filter((name) => /\.ya?ml$/.test(name)).sort(compareIds);
	} catch (error) {
		problems.push(`${checksDirectory}: cannot read the checks directory (${(error as NodeJS.ErrnoException).code ?? error}); create it with one YAML file per check.`);
	}
	if (files.length === 0 && problems.length === 0) problems.push(`${checksDirectory}: no check files; add one YAML file per check.`);

	const checks: CheckDefinition[] = [];
	const texts = new Map<string, string>(levelsText === undefined ? [] : [['levels.yaml', levelsText]]);
	for (const name of files) {
		const file = path.join(checksDirectory, name);
		const text = await readText(file, problems);
		if (text === undefined) continue;
		texts.set(`checks/${name}`, text);
		hash.update(`${name}\0${text}\0`);
		const parsed = parseAuthoredYaml(file, text, CheckDefinition);
		if (!parsed.ok) {
			problems.push(...parsed.problems);
			continue;
		}
		const expectedId = name.replace(/\.ya?ml$/, '');
		if (parsed.value.id !== expectedId) {
			problems.push(`${file}: id "${parsed.value.id}" differs from the file name; rename the file to ${parsed.value.id}.yaml or change the id to "${expectedId}".`);
			continue;
		}
		checks.push(parsed.value);
	}

	const rubric: Rubric = { version: hash.digest('hex').slice(0, 12), levels, checks };
	if (levels.length > 0) {
		for (const problem of validateRubric(rubric, evaluators)) {
			const text = texts.get(problem.file);
			const position = text === undefined ? '' : locateInYaml(text, problem.path);
			const field = problem.path.length > 0 ? `${problem.path.join('.')}: ` : '';
			problems.push(`${path.join(directory, problem.file)}${position}: ${field}${problem.message}`);
		}
	}
	if (problems.length > 0) throw new RubricError(directory, problems);
	return rubric;
}

async function readText(file: string, problems: string[]): Promise<string | undefined> {
	try {
		return await readFile(file, 'utf8');
	} catch (error) {
		problems.push(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? error}).`);
		return undefined;
	}
}

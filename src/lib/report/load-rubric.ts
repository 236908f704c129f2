// Reads a rubric: a directory (levels.yaml + checks/*.yaml) or an overlay file that extends another
// rubric (disable, override, extra checks, level titles). Validates everything and fails with one
// RubricError listing every problem with its file:line:column; never returns a partial rubric.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CheckDefinition, LevelsFile, RubricOverlay, type CheckOverride, type Rubric } from '../../../rubrics/schema.ts';
import type { z } from 'zod';
import { PACKAGE_ROOT } from '../config/package-root.ts';
import { locateInYaml, parseAuthoredYaml } from '../../../catalog/format/authored-yaml.ts';
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

/** The rubric shipped with Shipshape. */
export const DEFAULT_RUBRIC = path.join(PACKAGE_ROOT, 'rubrics');

export interface RubricOptions {
	/** Facts schemas of the user's plugin collectors, by namespace, so checks may read their facts. */
	pluginFacts?: ReadonlyMap<string, z.ZodType>;
	/** Overlays on the way here (cycle detection). */
	extending?: readonly string[];
}

/** Loads the rubric at `location`: a rubric directory, or an overlay file (YAML) that extends one. */
export async function loadRubric(location: string, evaluators: ReadonlyMap<string, Evaluator>, options: RubricOptions = {}): Promise<Rubric> {
	const info = await stat(location).catch(() => null);
	if (info?.isFile() === true) return loadOverlay(location, evaluators, options);
	return loadRubricDirectory(location, evaluators, options);
}

async function loadRubricDirectory(directory: string, evaluators: ReadonlyMap<string, Evaluator>, { pluginFacts }: RubricOptions): Promise<Rubric> {
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

	const texts = new Map<string, string>(levelsText === undefined ? [] : [['levels.yaml', levelsText]]);
	const checks = await readChecks(path.join(directory, 'checks'), problems, (name, text) => {
		texts.set(`checks/${name}`, text);
		hash.update(`${name}\0${text}\0`);
	});

	const rubric: Rubric = { version: hash.digest('hex').slice(0, 12), levels, checks };
	if (levels.length > 0) {
		for (const problem of validateRubric(rubric, evaluators, pluginFacts)) {
			const text = texts.get(problem.file);
			const position = text === undefined ? '' : locateInYaml(text, problem.path);
			const field = problem.path.length > 0 ? `${problem.path.join('.')}: ` : '';
			problems.push(`${path.join(directory, problem.file)}${position}: ${field}${problem.message}`);
		}
	}
	if (problems.length > 0) throw new RubricError(directory, problems);
	return rubric;
}

/** One check per YAML file in `directory`, each parsed strictly and named after its file. */
async function readChecks(directory: string, problems: string[], onText: (name: string, text: string) => void): Promise<CheckDefinition[]> {
	let files: string[] = [];
	try {
		files = (await readdir(directory)).filter((name) => /\.ya?ml$/.test(name)).sort(compareIds);
	} catch (error) {
		problems.push(`${directory}: cannot read the checks directory (${(error as NodeJS.ErrnoException).code ?? error}); create it with one YAML file per check.`);
		return [];
	}
	if (files.length === 0) problems.push(`${directory}: no check files; add one YAML file per check.`);
	const checks: CheckDefinition[] = [];
	for (const name of files) {
		const file = path.join(directory, name);
		const text = await readText(file, problems);
		if (text === undefined) continue;
		onText(name, text);
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
	return checks;
}

/**
 * An overlay: the rubric it extends, minus `disable`, with `override` applied, plus the extra
 * `checks`, with `levels` re-titled. Its version hashes the base's version and every file the
 * overlay adds, so trend markers and `diff --rubric-from` see an overlay change as a rubric change.
 */
async function loadOverlay(file: string, evaluators: ReadonlyMap<string, Evaluator>, { pluginFacts, extending = [] }: RubricOptions): Promise<Rubric> {
	if (extending.includes(file)) throw new RubricError(file, [`${file}: extends itself through ${[...extending, file].join(' → ')}; break the cycle.`]);
	const problems: string[] = [];
	const text = await readText(file, problems);
	if (text === undefined) throw new RubricError(file, problems);
	const parsed = parseAuthoredYaml(file, text, RubricOverlay);
	if (!parsed.ok) throw new RubricError(file, parsed.problems);
	const overlay = parsed.value;
	const at = (segments: readonly (string | number)[]) => `${file}${locateInYaml(text, segments)}`;

	const baseLocation = resolveExtends(overlay.extends, file);
	if (baseLocation === null) throw new RubricError(file, [`${at(['extends'])}: extends: package "${overlay.extends}" is not installed; run \`npm install --save-dev ${overlay.extends}\`, or use "default" or a path.`]);
	const base = await loadRubric(baseLocation, evaluators, { pluginFacts, extending: [...extending, file] });
	const baseById = new Map(base.checks.map((check) => [check.id, check]));
	const known = (id: string) => (baseById.has(id) ? null : `no check "${id}" in the rubric this extends (${overlay.extends}); see its /checks/ page for the ids.`);

	const disabled = new Set<string>();
	for (const [index, id] of (overlay.disable ?? []).entries()) {
		const unknown = known(id);
		if (unknown !== null) problems.push(`${at(['disable', index])}: disable.${index}: ${unknown}`);
		disabled.add(id);
	}
	const overrides = overlay.override ?? {};
	for (const id of Object.keys(overrides)) {
		const unknown = known(id);
		if (unknown !== null) problems.push(`${at(['override', id])}: override.${id}: ${unknown}`);
		else if (disabled.has(id)) problems.push(`${at(['override', id])}: override.${id}: the check is also disabled; remove one of the two.`);
		else if (overrides[id]!.options !== undefined && baseById.get(id)!.logic.kind !== 'evaluator') problems.push(`${at(['override', id, 'options'])}: override.${id}.options: the check has no evaluator (it is \`fact\` + \`expect\`), so it takes no options.`);
	}
	const levelIds = base.levels.map((level) => level.id);
	for (const id of Object.keys(overlay.levels ?? {})) {
		if (!levelIds.includes(id)) problems.push(`${at(['levels', id])}: levels.${id}: no level "${id}"; use one of ${levelIds.join(', ')}.`);
	}

	const hash = createHash('sha256').update(`${base.version}\0${text}\0`);
	const extraDirectory = overlay.checks === undefined ? null : path.resolve(path.dirname(file), overlay.checks);
	const extraTexts = new Map<string, string>();
	const extras = extraDirectory === null ? [] : await readChecks(extraDirectory, problems, (name, checkText) => {
		extraTexts.set(name.replace(/\.ya?ml$/, ''), checkText);
		hash.update(`${name}\0${checkText}\0`);
	});
	for (const check of extras) {
		if (baseById.has(check.id)) problems.push(`${path.join(extraDirectory!, `${check.id}.yaml`)}: id "${check.id}" is a check of the rubric this extends; give the extra check another id, or change that one with \`override\`.`);
	}

	const checks = [
		...base.checks.filter((check) => !disabled.has(check.id)).map((check) => (overrides[check.id] === undefined ? check : applyOverride(check, overrides[check.id]!))),
		...extras.filter((check) => !baseById.has(check.id)),
	].sort((a, b) => compareIds(a.id, b.id));
	const levels = base.levels.map((level) => ({ ...level, ...overlay.levels?.[level.id] }));
	const rubric: Rubric = { version: hash.digest('hex').slice(0, 12), levels, checks };

	for (const problem of validateRubric(rubric, evaluators, pluginFacts)) {
		const checkId = /^checks\/(.+)\.yaml$/.exec(problem.file)?.[1];
		const field = problem.path.length > 0 ? `${problem.path.join('.')}: ` : '';
		if (checkId !== undefined && extraTexts.has(checkId)) {
			problems.push(`${path.join(extraDirectory!, `${checkId}.yaml`)}${locateInYaml(extraTexts.get(checkId)!, problem.path)}: ${field}${problem.message}`);
		} else if (checkId !== undefined) {
			// A base check only fails validation through this overlay's override of it.
			const overridden = problem.path[0] === 'options' ? ['override', checkId, ...problem.path] : ['override', checkId, problem.path[0] ?? ''];
			problems.push(`${at(overridden)}: override.${checkId}.${problem.path.join('.')}: ${problem.message}`);
		} else {
			problems.push(`${at(['disable'])}: ${field}${problem.message} (after this overlay's disable and override)`);
		}
	}
	if (problems.length > 0) throw new RubricError(file, problems);
	return rubric;
}

/** `default`, a path relative to the overlay, or an installed package's rubric; null when the package is missing. */
function resolveExtends(value: string, overlayFile: string): string | null {
	if (value === 'default') return DEFAULT_RUBRIC;
	if (value.startsWith('.') || path.isAbsolute(value)) return path.resolve(path.dirname(overlayFile), value);
	let manifest: string;
	try {
		manifest = createRequire(overlayFile).resolve(`${value}/package.json`);
	} catch {
		return null;
	}
	const packageDirectory = path.dirname(manifest);
	const declared = (JSON.parse(readFileSync(manifest, 'utf8')) as { shipshape?: { rubric?: string } }).shipshape?.rubric;
	if (declared !== undefined) return path.resolve(packageDirectory, declared);
	return existsSync(path.join(packageDirectory, 'rubrics')) ? path.join(packageDirectory, 'rubrics') : packageDirectory;
}

function applyOverride(check: CheckDefinition, override: CheckOverride): CheckDefinition {
	const { options, enforcedFrom, ...fields } = override;
	const changed: CheckDefinition = { ...check, ...fields };
	if (enforcedFrom === null) delete changed.enforcedFrom;
	else if (enforcedFrom !== undefined) changed.enforcedFrom = enforcedFrom;
	if (options !== undefined && check.logic.kind === 'evaluator') changed.logic = { ...check.logic, options: mergeOptions(check.logic.options, options) };
	return changed;
}

/** Plain objects merge key by key; anything else (lists included) replaces. */
function mergeOptions(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
	const merged: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(override)) {
		const current = merged[key];
		merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeOptions(current, value) : value;
	}
	return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

async function readText(file: string, problems: string[]): Promise<string | undefined> {
	try {
		return await readFile(file, 'utf8');
	} catch (error) {
		problems.push(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? error}).`);
		return undefined;
	}
}

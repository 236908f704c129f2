// The user's plugins (`plugins:` in shipshape.config.yaml): ES modules whose default export is a
// collector or an evaluator with the built-in contract. Loaded once per command, validated up
// front: a plugin with an invalid meta or an id that clashes is a configuration error naming its
// file. At run time a collector that throws leaves its facts as before (its checks unknown) and an
// evaluator that throws gives `error` findings; the run goes on.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { COLLECTORS } from '../../collectors/index.ts';
import type { Collector } from '../../collectors/types.ts';
import { ConfigError } from '../lib/config/load.ts';
import { EVALUATORS_BY_NAME } from '../lib/scoring/evaluators/index.ts';
import type { Evaluator } from '../lib/scoring/model.ts';

export interface Plugins {
	collectors: Collector[];
	evaluators: Evaluator[];
	/** Every collector, built-in and plugin, in registry order (built-ins first, then plugins by id). */
	allCollectors: Collector[];
	/** Every evaluator by name, built-in and plugin. */
	evaluatorsByName: ReadonlyMap<string, Evaluator>;
	/** The facts schema of each plugin collector, by namespace (its id). */
	factSchemas: ReadonlyMap<string, Collector['facts']>;
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const NO_PLUGINS: Plugins = { collectors: [], evaluators: [], allCollectors: [...COLLECTORS], evaluatorsByName: EVALUATORS_BY_NAME, factSchemas: new Map() };

export async function loadPlugins(entries: readonly string[], configFile: string | null, cwd: string): Promise<Plugins> {
	if (entries.length === 0) return NO_PLUGINS;
	const base = configFile === null ? cwd : path.dirname(configFile);
	const problems: string[] = [];
	const collectors: Collector[] = [];
	const evaluators: Evaluator[] = [];
	const collectorIds = new Set(COLLECTORS.map((collector) => collector.id));
	const evaluatorNames = new Set(EVALUATORS_BY_NAME.keys());
	for (const entry of entries) {
		const file = resolvePlugin(entry, base);
		const where = `plugin ${entry}${file === null || file === entry ? '' : ` (${file})`}`;
		if (file === null) {
			problems.push(`${where}: not found; give a path relative to ${configFile ?? 'the current directory'} or the name of an installed package.`);
			continue;
		}
		let exported: unknown;
		try {
			exported = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
		} catch (error) {
			problems.push(`${where}: cannot be loaded (${(error as Error).message.split('\n')[0]}); it must be an ES module (.mjs, or .js in a "type": "module" package).`);
			continue;
		}
		if (isCollector(exported)) {
			exported = { ...exported, facts: fromJsonSchema(exported.facts), ...(exported.settings === undefined ? {} : { settings: fromJsonSchema(exported.settings) }) } as Collector;
		} else if (isEvaluator(exported)) {
			exported = { ...exported, meta: { ...exported.meta, options: fromJsonSchema(exported.meta.options) } } as Evaluator;
		}
		if (isCollector(exported)) {
			const invalid = collectorProblems(exported, collectorIds);
			if (invalid.length > 0) problems.push(...invalid.map((problem) => `${where}: ${problem}`));
			else {
				collectors.push(exported);
				collectorIds.add(exported.id);
			}
		} else if (isEvaluator(exported)) {
			const invalid = evaluatorProblems(exported, evaluatorNames);
			if (invalid.length > 0) problems.push(...invalid.map((problem) => `${where}: ${problem}`));
			else {
				evaluators.push(exported);
				evaluatorNames.add(exported.meta.name);
			}
		} else {
			problems.push(`${where}: its default export is neither a collector (id, version, description, facts, collect) nor an evaluator (meta, evaluate); wrap it in defineCollector or defineEvaluator from 'shipshape/plugin'.`);
		}
	}
	if (problems.length > 0) throw new ConfigError(problems);
	collectors.sort((a, b) => (a.id < b.id ? -1 : 1));
	return {
		collectors,
		evaluators,
		allCollectors: [...COLLECTORS, ...collectors],
		evaluatorsByName: new Map([...EVALUATORS_BY_NAME, ...evaluators.map((evaluator) => [evaluator.meta.name, evaluator] as const)]),
		factSchemas: new Map(collectors.map((collector) => [collector.id, collector.facts])),
	};
}

function resolvePlugin(entry: string, base: string): string | null {
	if (entry.startsWith('.') || path.isAbsolute(entry)) {
		const file = path.resolve(base, entry);
		return existsSync(file) ? file : null;
	}
	try {
		return createRequire(path.join(base, 'package.json')).resolve(entry);
	} catch {
		return null;
	}
}

function isCollector(value: unknown): value is Collector {
	return typeof value === 'object' && value !== null && typeof (value as Collector).collect === 'function';
}

function isEvaluator(value: unknown): value is Evaluator {
	return typeof value === 'object' && value !== null && typeof (value as Evaluator).evaluate === 'function' && typeof (value as Evaluator).meta === 'object';
}

/** A plugin may describe its facts or options with JSON Schema instead of zod; it is read as zod. */
function fromJsonSchema<Value>(value: Value): Value {
	if (isSchema(value) || typeof value !== 'object' || value === null || !('type' in value || 'properties' in value)) return value;
	try {
		return z.fromJSONSchema(value as Parameters<typeof z.fromJSONSchema>[0]) as Value;
	} catch {
		return value;
	}
}

function isSchema(value: unknown): boolean {
	return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

function collectorProblems(collector: Collector, taken: ReadonlySet<string>): string[] {
	const problems: string[] = [];
	if (typeof collector.id !== 'string' || !ID.test(collector.id)) problems.push(`id ${JSON.stringify(collector.id)} must be kebab-case, the source as a noun (e.g. "oncall-export").`);
	else if (taken.has(collector.id)) problems.push(`id "${collector.id}" is already a collector's; facts are namespaced by id, so pick another.`);
	if (!Number.isInteger(collector.version) || collector.version < 1) problems.push('version must be a positive integer (bump it when the facts change shape).');
	for (const field of ['description', 'source', 'howToEnable'] as const) {
		if (typeof collector[field] !== 'string' || collector[field].trim() === '') problems.push(`${field} must be a sentence.`);
	}
	if (!isSchema(collector.facts)) problems.push("facts must be a zod schema (use `z` from 'shipshape/plugin') or a JSON Schema object.");
	if (collector.env !== undefined && (!Array.isArray(collector.env) || collector.env.some((name) => typeof name !== 'string'))) problems.push('env must list environment variable names.');
	if (collector.programs !== undefined && (!Array.isArray(collector.programs) || collector.programs.some((name) => typeof name !== 'string' || name.includes('/')))) problems.push('programs must list program names found on PATH (no paths).');
	if (collector.settings !== undefined && !isSchema(collector.settings)) problems.push("settings must be a zod schema (use `z` from 'shipshape/plugin') or a JSON Schema object.");
	return problems;
}

function evaluatorProblems(evaluator: Evaluator, taken: ReadonlySet<string>): string[] {
	const { meta } = evaluator;
	const problems: string[] = [];
	if (typeof meta.name !== 'string' || !ID.test(meta.name)) problems.push(`meta.name ${JSON.stringify(meta.name)} must be kebab-case and say what it judges.`);
	else if (taken.has(meta.name)) problems.push(`meta.name "${meta.name}" is already an evaluator's; pick another.`);
	if (typeof meta.description !== 'string' || !meta.description.trim().endsWith('.')) problems.push('meta.description must be one sentence ending with a period.');
	if (!Array.isArray(meta.requires)) problems.push('meta.requires must list the fact paths it reads.');
	if (!isSchema(meta.options)) problems.push("meta.options must be a zod schema (use `z` from 'shipshape/plugin') or a JSON Schema object.");
	else if (!(meta.options as { safeParse(value: unknown): { success: boolean } }).safeParse({}).success) problems.push('meta.options must accept {} (give every option a default).');
	if (typeof meta.messages !== 'object' || meta.messages === null || Object.keys(meta.messages).length === 0) problems.push('meta.messages must map message ids to templates.');
	return problems;
}

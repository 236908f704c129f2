// Loading the user's plugins: what a valid one becomes, and the configuration error for each way a
// plugin's meta can be wrong (every problem at once, naming the file).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/config/load.ts';
import { loadPlugins } from '../../src/cli/plugins.ts';
import { knownFactPaths } from '../../src/lib/scoring/validate.ts';
import { tempDirectory, writeTree } from '../support/temp.ts';

const COLLECTOR = "{ id: 'oncall-json', version: 1, description: 'On-call from JSON.', source: 'the on-call export', howToEnable: 'Export it.', facts: FACTS, async collect() { return { facts: new Map(), problems: [] }; } }";
const JSON_FACTS = "{ type: 'object', properties: { hasRotation: { type: 'boolean', description: 'Someone is paged.' } }, required: ['hasRotation'] }";

async function load(files: Record<string, string>) {
	const directory = await tempDirectory('plugins-');
	await writeTree(directory, files);
	return loadPlugins(Object.keys(files).map((file) => `./${file}`), path.join(directory, 'shipshape.config.yaml'), directory);
}

describe('loadPlugins', () => {
	it('reads a collector whose facts are JSON Schema, and makes its facts known to the rubric', async () => {
		const plugins = await load({ 'oncall.mjs': `export default ${COLLECTOR.replace('FACTS', JSON_FACTS)};\n` });

		expect(plugins.collectors.map((collector) => collector.id)).toEqual(['oncall-json']);
		expect(plugins.allCollectors.at(-1)?.id).toBe('oncall-json');
		expect(plugins.collectors[0]!.facts.safeParse({ hasRotation: true }).success).toBe(true);
		expect(plugins.collectors[0]!.facts.safeParse({ hasRotation: 'yes' }).success).toBe(false);
		expect(knownFactPaths(plugins.factSchemas).has('oncall-json.hasRotation')).toBe(true);
	});

	it('lists every problem of every plugin at once, each naming its file', async () => {
		const error = await load({
			'bad-collector.mjs': `export default ${COLLECTOR.replace("'oncall-json'", "'On Call'").replace('version: 1', 'version: 1.5').replace("'On-call from JSON.'", "''").replace('FACTS', '42')};\n`,
			'clash.mjs': `export default ${COLLECTOR.replace("'oncall-json'", "'terraform-state'").replace('FACTS', JSON_FACTS)};\n`,
			'bad-evaluator.mjs': "export default { meta: { name: 'escalates', description: 'No period', requires: 'x', options: { type: 'object', properties: { max: { type: 'number' } }, required: ['max'] }, messages: {} }, evaluate() { return { outcome: 'pass', messageId: 'x' }; } };\n",
			'neither.mjs': 'export default { hello: 1 };\n',
			'broken.mjs': 'export default {;\n',
		}).catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(ConfigError);
		const problems = (error as ConfigError).problems.map((problem) => problem.replace(/ \(\/[^)]+\)/, ''));
		expect(problems).toEqual([
			'plugin ./bad-collector.mjs: id "On Call" must be kebab-case, the source as a noun (e.g. "oncall-export").',
			'plugin ./bad-collector.mjs: version must be a positive integer (bump it when the facts change shape).',
			'plugin ./bad-collector.mjs: description must be a sentence.',
			"plugin ./bad-collector.mjs: facts must be a zod schema (use `z` from 'shipshape/plugin') or a JSON Schema object.",
			'plugin ./clash.mjs: id "terraform-state" is already a collector\'s; facts are namespaced by id, so pick another.',
			'plugin ./bad-evaluator.mjs: meta.description must be one sentence ending with a period.',
			'plugin ./bad-evaluator.mjs: meta.requires must list the fact paths it reads.',
			'plugin ./bad-evaluator.mjs: meta.options must accept {} (give every option a default).',
			'plugin ./bad-evaluator.mjs: meta.messages must map message ids to templates.',
			"plugin ./neither.mjs: its default export is neither a collector (id, version, description, facts, collect) nor an evaluator (meta, evaluate); wrap it in defineCollector or defineEvaluator from 'shipshape/plugin'.",
			expect.stringMatching(/^plugin \.\/broken\.mjs: cannot be loaded \(.+\); it must be an ES module/),
		]);
	});
});

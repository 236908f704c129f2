// `shipshape` command line: collect, score, check, build, history, diff, touched. Exit codes are a
// contract that CI pipelines rely on, the same for every command (EXIT_CODES below).
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { CollectionRefused, runCollection } from '../../collectors/run.ts';
import { settleCatalogSync } from '../../catalog/io/catalog-transaction.ts';
import { onInterrupt } from './interrupt.ts';
import { buildSite } from './build-site.ts';
import { CI_PROVIDERS, runInit } from './init.ts';
import { serveSite } from './preview.ts';
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError, PACKAGE_ROOT, resolveSettings } from '../lib/config/load.ts';
import { CatalogError, loadCatalog } from '../lib/report/load-catalog.ts';
import { servicesTouched } from '../lib/history/touched.ts';
import { changedFilesUnderRepo, readStdin } from './changed-files.ts';
import { readFile } from 'node:fs/promises';
import { DEFAULT_RUBRIC, RubricError } from '../lib/report/load-rubric.ts';
import { collectorsMarkdown, rubricMarkdown } from '../lib/docs/markdown.ts';
import { collectorDocs } from './collector-docs.ts';
import { createLogger } from './logger.ts';
import { loadAndScore, loadPluginRubric, parseNow, UsageError } from './pipeline.ts';
import { loadPlugins } from './plugins.ts';
import { loadHistoryPoints } from './readiness.ts';
import { diffRubric, diffVersions, formatHistory, historyJson } from './diff.ts';
import { formatDiffMarkdown, formatDiffText } from '../lib/history/diff.ts';
import { formatCheckResult, formatScoreTable, formatSystemCheckResult } from './output.ts';
import { formatLint } from './lint.ts';
import { formatBacklog } from './backlog.ts';
import { buildBacklog } from '../lib/scoring/backlog.ts';
import { checkQuality } from '../lib/quality/index.ts';

/** What each exit code means; printed by `--help` and documented in the README. */
export const EXIT_CODES = {
	ok: 0,
	/** The answer is "no": `check` below the level, a collector failed, input errors with --strict. */
	no: 1,
	/** Bad input or configuration: nothing was written. */
	badInput: 2,
	/** An unexpected internal error. */
	internal: 3,
} as const;

const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const EXIT_CODE_HELP = `
Exit codes (every command):
  0  success
  1  the answer is "no": check below the level, a collector failed, input errors with --strict
  2  bad input or configuration (nothing was written)
  3  an unexpected internal error (run again with --verbose for details)
`;

export interface Io {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	cwd: string;
}

const DEFAULT_IO: Io = {
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text),
	cwd: process.cwd(),
};

export async function main(argv: readonly string[], io: Io = DEFAULT_IO): Promise<number> {
	let exitCode = 0;
	const program = new Command('shipshape')
		.description('Production-readiness reports from your monorepo and cloud inventory.')
		.version(PACKAGE_VERSION, '--version', 'print the Shipshape version')
		.exitOverride()
		.configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
		.addHelpText('after', EXIT_CODE_HELP);
	const verbose = argv.includes('--verbose');

	const inputs = (command: Command) =>
		command
			.option('--config <file>', 'configuration file (default: ./shipshape.config.yaml when present)')
			.option('--catalog <dir>', 'catalog directory (default: catalog)')
			.option('--rubric <dir|file>', 'rubric directory or overlay file (default: the rubric shipped with Shipshape)')
			.option('--now <iso-date>', 'evaluate as of this time (default: now)');

	program
		.command('collect')
		.description('scan the monorepo and inventory and write the catalog')
		.option('--config <file>', 'configuration file (default: ./shipshape.config.yaml when present)')
		.option('--repo <dir>', 'monorepo root to scan')
		.option('--inventory <dir>', 'directory of inventory exports (Terraform state, kubectl dumps)')
		.option('--catalog <dir>', 'catalog directory to write (default: catalog)')
		.option('--out <dir>', 'alias of --catalog (kept for existing pipelines)')
		.option('--only <ids>', 'run only these collectors (comma-separated); others keep their facts')
		.option('--allow-shrink', 'let this collection remove more services than collect.shrinkLimit allows')
		.option('--strict', 'exit 1 when any input could not be read')
		.option('--offline', 'do not call the code host (GitHub), even with a GITHUB_TOKEN')
		.option('--now <iso-date>', 'collection time recorded in catalog/meta.json')
		.option('--quiet', 'print only the summary')
		.action(async (options) => {
			const settings = await resolveSettings({ config: options.config, repo: options.repo, inventory: options.inventory, catalog: options.catalog ?? options.out, offline: options.offline === true, allowShrink: options.allowShrink === true }, io.cwd);
			const log = createLogger(process.stderr, options.quiet === true);
			const now = parseNow(options.now);
			const release = onInterrupt(() => settleCatalogSync(settings.catalog), 'the catalog was left as it was (or, if it was already committed, completed)');
			const plugins = await loadPlugins(settings.plugins, settings.configFile, io.cwd);
			const summary = await runCollection(settings, { now, log, env: process.env, collectors: plugins.allCollectors, only: options.only?.split(',').map((id: string) => id.trim()) }).finally(release);
			const where = path.relative(io.cwd, settings.catalog) || '.';
			io.stdout(
				`Collected ${summary.serviceCount} services and ${summary.teamCount} teams into ${where}` +
					` (${summary.inputErrorCount} input error(s)${summary.failedCollectors.length > 0 ? `, failed collectors: ${summary.failedCollectors.join(', ')}` : ''}).` +
					`${summary.changed ? '' : ' Nothing changed; no file was written.'}${summary.removedServices.length > 0 ? ` Removed ${summary.removedServices.length} service(s): ${summary.removedServices.join(', ')}.` : ''}\n`,
			);
			for (const skipped of summary.skippedCollectors) io.stdout(`  ${skipped.id} skipped: ${skipped.reason}\n`);
			if (summary.failedCollectors.length > 0 || (options.strict === true && summary.inputErrorCount > 0)) exitCode = 1;
		});

	inputs(program.command('score').description('score the catalog against the rubric'))
		.addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
		.action(async (options) => {
			const { scores } = await loadAndScore(options, parseNow(options.now), io.cwd);
			if (options.format === 'json') {
				const { rubricVersion, services, teams, systems, domains, organisation } = scores;
				io.stdout(`${JSON.stringify({ rubricVersion, services: services.map(({ id, level, score, checks }) => ({ id, level, score, checks })), teams, systems, domains, organisation }, null, 2)}\n`);
			} else {
				io.stdout(formatScoreTable(scores));
			}
		});

	inputs(program.command('check').description('exit 0 when a service (or every service of a system) is at or above a level, 1 when below (CI gate)'))
		.option('--service <id>', 'service id')
		.option('--system <id>', 'system id: every one of its services must be at or above the level')
		.requiredOption('--min-level <level>', 'minimum level, e.g. silver')
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
		.action(async (options) => {
			const { scores, rubric } = await loadAndScore(options, parseNow(options.now), io.cwd);
			const levels = rubric.levels.map((level) => level.id);
			if (!levels.includes(options.minLevel)) throw new UsageError(`--min-level "${options.minLevel}" is not a level of this rubric; use one of ${levels.join(', ')}.`);
			if ((options.service === undefined) === (options.system === undefined)) throw new UsageError('give either --service ID or --system ID.');
			if (options.system !== undefined) {
				const system = scores.systems.find((candidate) => candidate.id === options.system);
				if (system === undefined) throw new UsageError(`--system "${options.system}" is not in the catalog; the catalog's systems are ${scores.systems.map((candidate) => candidate.id).join(', ') || 'none (declare them with Backstage System entities, service.yaml \`system:\` or \`systems:\` in the configuration)'}.`);
				const members = system.services.map((id) => scores.services.find((candidate) => candidate.id === id)!);
				const result = formatSystemCheckResult(system, members, options.minLevel, levels, options.format, scores.unknownPolicy);
				io.stdout(result.text);
				exitCode = result.passed ? 0 : 1;
				return;
			}
			const service = scores.services.find((candidate) => candidate.id === options.service);
			if (service === undefined) throw new UsageError(`--service "${options.service}" is not in the catalog; run \`shipshape score\` to list service ids.`);
			const result = formatCheckResult(service, options.minLevel, levels, options.format, scores.unknownPolicy);
			io.stdout(result.text);
			exitCode = result.passed ? 0 : 1;
		});

	inputs(program.command('build').description('score the catalog and render the static site'))
		.option('--out <dir>', 'site output directory (default: dist)')
		.option('--archive <dir>', 'also publish this build under /reports/<date>-<sha>/, keeping earlier reports in <dir>')
		.option('--quiet', 'print only the summary')
		.action(async (options) => {
			const built = await buildSite({
				flags: options,
				now: parseNow(options.now),
				cwd: io.cwd,
				archive: options.archive,
				quiet: options.quiet === true,
				log: createLogger(process.stderr, options.quiet === true),
				warn: (problem) => io.stderr(`shipshape: warning: ${problem}\n`),
			});
			io.stdout(`Built the site for ${built.serviceCount} services into ${path.relative(io.cwd, built.out) || '.'}${built.report !== null ? ` (report ${built.report.id}; ${built.report.kept} kept under /reports/)` : ''}.\n`);
		});

	inputs(program.command('backlog').description('list a team\'s failing checks as work items, the fixes that raise services a level first per point of effort'))
		.requiredOption('--team <id>', 'team id')
		.option('--capacity <points>', 'keep only as many items as fit in these points (S 1, M 3, L 8)')
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'csv', 'json', 'markdown']).default('text'))
		.action(async (options) => {
			const { scores, rubric } = await loadAndScore(options, parseNow(options.now), io.cwd);
			const team = scores.teams.find((candidate) => candidate.id === options.team);
			if (team === undefined) throw new UsageError(`--team "${options.team}" is not in the catalog; its teams are ${scores.teams.map((candidate) => candidate.id).join(', ') || 'none'}.`);
			const capacity = options.capacity === undefined ? null : Number(options.capacity);
			if (capacity !== null && !(Number.isFinite(capacity) && capacity > 0)) throw new UsageError(`--capacity "${options.capacity}" is not a positive number of points.`);
			const services = team.services.map((id) => scores.services.find((candidate) => candidate.id === id)!);
			io.stdout(formatBacklog(team.id, buildBacklog(services, rubric, capacity), capacity, options.format));
		});

	program
		.command('lint')
		.description('check the catalog\'s own data quality (missing tiers and owners, dangling references, …); exit 1 when a rule set to error fails')
		.option('--config <file>', 'configuration file (default: ./shipshape.config.yaml when present)')
		.option('--catalog <dir>', 'catalog directory (default: catalog)')
		.addOption(new Option('--format <format>', 'output format: text, json, or github (workflow annotations on the descriptor\'s line)').choices(['text', 'json', 'github']).default('text'))
		.action(async (options) => {
			const settings = await resolveSettings(options, io.cwd);
			const catalog = await loadCatalog(settings.catalog);
			const result = formatLint(checkQuality(catalog, settings.quality), options.format);
			io.stdout(result.text);
			exitCode = result.failed ? 1 : 0;
		});

	program
		.command('touched')
		.description('list the services that changed files belong to, one id per line (for pull-request gates)')
		.requiredOption('--files <file>', 'file with changed paths, one per line, relative to the git root (git diff --name-only), or - for stdin')
		.option('--config <file>', 'configuration file (default: ./shipshape.config.yaml when present)')
		.option('--catalog <dir>', 'catalog directory (default: catalog)')
		.action(async (options) => {
			const settings = await resolveSettings(options, io.cwd);
			const catalog = await loadCatalog(settings.catalog);
			const changed = await changedFilesUnderRepo(options.files === '-' ? await readStdin() : await readFile(path.resolve(io.cwd, options.files), 'utf8'), settings.repo, io.cwd);
			const ids = servicesTouched(changed, catalog.services);
			io.stdout(ids.map((id) => `${id}\n`).join(''));
		});

	inputs(program.command('history').description('list the score snapshots in git history and seeded files, oldest first'))
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
		.option('--service <id>', 'follow one service')
		.action(async (options) => {
			const now = parseNow(options.now);
			const settings = await resolveSettings(options, io.cwd);
			const { points, problems } = await loadHistoryPoints(settings, now);
			for (const problem of problems) io.stderr(`shipshape: warning: ${problem}\n`);
			const levels = (await loadPluginRubric(settings, await loadPlugins(settings.plugins, settings.configFile, io.cwd))).levels.map((level) => level.id);
			io.stdout(options.format === 'json' ? `${JSON.stringify(historyJson(points, options.service), null, 2)}\n` : formatHistory(points, options.service, levels));
		});

	inputs(program.command('diff').description('what changed in readiness between two versions, or with an earlier rubric'))
		.option('--from <rev>', 'git revision of the earlier catalog snapshot')
		.option('--to <rev>', 'git revision of the later snapshot (default: score the working tree now)')
		.option('--rubric-from <rev>', 'score the current catalog with the rubric as it was at <rev> and with the current one')
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
		.action(async (options) => {
			if ((options.from === undefined) === (options.rubricFrom === undefined)) throw new UsageError('give either --from <rev> (what changed since a version) or --rubric-from <rev> (impact of a rubric change).');
			const now = parseNow(options.now);
			const diff = options.rubricFrom !== undefined ? await diffRubric(options, options.rubricFrom, now, io.cwd) : await diffVersions(options, options.from, options.to, now, io.cwd);
			io.stdout(options.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : options.format === 'markdown' ? formatDiffMarkdown(diff) : formatDiffText(diff));
		});

	inputs(program.command('docs').description('print the rubric and the collectors as Markdown, generated from their definitions'))
		.addOption(new Option('--format <format>', 'output format').choices(['markdown']).default('markdown'))
		.addOption(new Option('--section <section>', 'what to print').choices(['rubric', 'collectors', 'all']).default('all'))
		.action(async (options) => {
			const settings = await resolveSettings(options, io.cwd);
			const parts: string[] = [];
			const plugins = await loadPlugins(settings.plugins, settings.configFile, io.cwd);
			if (options.section !== 'collectors') parts.push(rubricMarkdown(await loadPluginRubric(settings, plugins), plugins.evaluatorsByName, settings.rubric === DEFAULT_RUBRIC ? 'The default rubric' : 'The rubric'));
			if (options.section !== 'rubric') parts.push(collectorsMarkdown(await collectorDocs(plugins.allCollectors)));
			io.stdout(parts.join('\n'));
		});

	program
		.command('init')
		.description('write a shipshape.config.yaml and rubric overlay that fit this repository (and CI workflows with --ci)')
		.addOption(new Option('--ci <provider>', 'also write the scheduled and pull-request workflows').choices(CI_PROVIDERS))
		.option('--force', 'overwrite files that already exist')
		.action(async (options) => {
			const result = await runInit({ cwd: io.cwd, ci: options.ci, force: options.force === true });
			if (options.quiet !== true) io.stdout(`Found: ${result.found.join('; ')}.\n`);
			for (const file of result.written) io.stdout(`  wrote ${file}\n`);
			for (const file of result.kept) io.stdout(`  kept ${file} (it exists; --force overwrites it)\n`);
			io.stdout('Next: npx shipshape collect && npx shipshape build && npx shipshape preview\n');
		});

	program
		.command('preview')
		.description('serve the built site on http://127.0.0.1:4321 (Ctrl-C stops it)')
		.option('--config <file>', 'configuration file (default: ./shipshape.config.yaml when present)')
		.option('--out <dir>', 'site directory to serve (default: dist)')
		.option('--port <number>', 'port (default: 4321; 0 picks a free one)', '4321')
		.action(async (options) => {
			const settings = await resolveSettings({ config: options.config, out: options.out }, io.cwd);
			const port = Number(options.port);
			if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${options.port}" is not a port number; use e.g. 4321.`);
			if (!existsSync(path.join(settings.out, 'index.html'))) throw new UsageError(`${settings.out} holds no built site; run \`shipshape build\` first.`);
			const served = await serveSite(settings.out, { base: settings.site.base, port }).catch((error: NodeJS.ErrnoException) => {
				throw new UsageError(`cannot listen on port ${port} (${error.code ?? error.message}); pick another with --port.`);
			});
			io.stdout(`Serving ${path.relative(io.cwd, settings.out) || '.'} at ${served.url} (Ctrl-C stops it).\n`);
			await new Promise<void>((resolve) => {
				for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void served.close().then(resolve));
			});
		});

	// Every command takes --verbose (stack traces of unexpected errors) and --quiet.
	for (const command of program.commands) {
		if (command.options.every((option) => option.long !== '--quiet')) command.option('--quiet', 'print only the result');
		command.option('--verbose', 'print details, including the stack of an unexpected error');
	}

	// A usage error is one line plus where to look, never the whole help.
	for (const command of [program, ...program.commands]) {
		command.configureOutput({
			writeOut: io.stdout,
			writeErr: io.stderr,
			outputError: (message) => io.stderr(`shipshape: ${message.replace(/^error: /, '').trim()}\nSee \`shipshape ${command === program ? '' : `${command.name()} `}--help\`.\n`),
		});
	}

	try {
		await program.parseAsync([...argv], { from: 'user' });
		return exitCode;
	} catch (error) {
		if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.badInput;
		if (error instanceof UsageError || error instanceof ConfigError || error instanceof CatalogError || error instanceof RubricError || error instanceof CollectionRefused) {
			io.stderr(`shipshape: ${error.message}\n`);
			return EXIT_CODES.badInput;
		}
		io.stderr(`shipshape: unexpected error: ${describeUnexpected(error)}\n`);
		io.stderr(verbose ? `${stackOf(error)}\n` : 'Run again with --verbose for details.\n');
		return EXIT_CODES.internal;
	}
}

/** One line: the message, and the file when a system error names one. */
function describeUnexpected(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const first = error.message.split('\n')[0]!;
	const cause = error.cause instanceof Error ? error.cause : null;
	const file = (error as NodeJS.ErrnoException).path ?? (cause as NodeJS.ErrnoException | null)?.path;
	return file !== undefined && !first.includes(file) ? `${first} (${file})` : first;
}

function stackOf(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const cause = error.cause instanceof Error ? `\nCaused by: ${stackOf(error.cause)}` : '';
	return `${error.stack ?? error.message}${cause}`;
}

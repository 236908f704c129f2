// `shipshape` command line: collect, merge, score, check, build, backlog, digest, repos, lint, touched, history, diff, docs, init, preview. Exit codes are a
// contract that CI pipelines rely on, the same for every command (EXIT_CODES below).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { CollectionRefused } from '../../collectors/run.ts';
import { MergeRefused } from '../../catalog/merge/index.ts';
import { ConfigError, PACKAGE_ROOT } from '../lib/config/load.ts';
import { CatalogError } from '../lib/report/load-catalog.ts';
import { RubricError } from '../lib/report/load-rubric.ts';
import { backlogCommand, buildCommand, digestCommand, mergeCommand, reposCommand, checkCommand, collectCommand, diffCommand, docsCommand, historyCommand, initCommand, lintCommand, scoreCommand, startPreview, touchedCommand, type CommandResult } from './commands.ts';
import { CI_PROVIDERS } from './init.ts';
import { DIGEST_FORMATS } from '../lib/digest/format.ts';
import { REPOS_FORMATS } from './repos.ts';
import { createLogger } from './logger.ts';
import { parseNow, UsageError } from './pipeline.ts';

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
	const print = (result: CommandResult) => {
		for (const warning of result.warnings ?? []) io.stderr(`shipshape: warning: ${warning}\n`);
		io.stdout(result.stdout);
		exitCode = result.exitCode;
	};
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
		.option('--fragment', 'write a catalog fragment of this repository for `shipshape merge` (default directory: fragments/<repository-slug>/)')
		.option('--repository <owner/name>', 'the repository the fragment is of (default: git\'s origin remote, else the directory name)')
		.option('--services-from <dir>', 'with --fragment and --inventory: an inventory fragment, matched to the services of this catalog')
		.option('--allow-shrink', 'let this collection remove more services than collect.shrinkLimit allows')
		.option('--strict', 'exit 1 when any input could not be read')
		.option('--offline', 'do not call the code host (GitHub), even with a GITHUB_TOKEN')
		.option('--now <iso-date>', 'collection time recorded in catalog/meta.json')
		.option('--quiet', 'print only the summary')
		.action(async (options) => {
			const flags = { ...options, catalog: options.catalog ?? options.out, out: undefined, offline: options.offline === true, allowShrink: options.allowShrink === true, fragment: options.fragment === true };
			print(await collectCommand(flags, { cwd: io.cwd, now: parseNow(options.now), log: createLogger(process.stderr, options.quiet === true), env: process.env }));
		});

	inputs(program.command('score').description('score the catalog against the rubric'))
		.addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
		.action(async (options) => print(await scoreCommand(options, parseNow(options.now), io.cwd)));

	inputs(program.command('check').description('exit 0 when a service (or every service of a system) is at or above a level, 1 when below (CI gate)'))
		.option('--service <id>', 'service id')
		.option('--system <id>', 'system id: every one of its services must be at or above the level')
		.requiredOption('--min-level <level>', 'minimum level, e.g. silver')
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
		.action(async (options) => print(await checkCommand(options, parseNow(options.now), io.cwd)));

	inputs(program.command('build').description('score the catalog and render the static site'))
		.option('--out <dir>', 'site output directory (default: dist)')
		.option('--archive <dir>', 'also publish this build under /reports/<date>-<sha>/, keeping earlier reports in <dir>')
		.option('--quiet', 'print only the summary')
		.action(async (options) => print(await buildCommand(options, { now: parseNow(options.now), cwd: io.cwd, log: createLogger(process.stderr, options.quiet === true), warn: (problem) => io.stderr(`shipshape: warning: ${problem}\n`) })));

	inputs(program.command('backlog').description('list a team\'s failing checks as work items, the fixes that raise services a level first per point of effort'))
		.requiredOption('--team <id>', 'team id')
		.option('--capacity <points>', 'keep only as many items as fit in these points (S 1, M 3, L 8)')
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'csv', 'json', 'markdown']).default('text'))
		.action(async (options) => print(await backlogCommand(options, parseNow(options.now), io.cwd)));

	inputs(program.command('digest').description('print the review digest (level moves, new failures, expired waivers, goals at risk) for a CI step to post to chat; Shipshape sends nothing'))
		.addOption(new Option('--format <format>', 'output format').choices([...DIGEST_FORMATS]).default('markdown'))
		.option('--team <id>', 'the digest of one team (default: the organisation)')
		.option('--site-url <url>', 'address of the published site, to link services and checks')
		.action(async (options) => print(await digestCommand(options, parseNow(options.now), io.cwd)));

	program
		.command('repos')
		.description('list the repositories of an organisation as a CI matrix (one collect job per repository or shard)')
		.option('--github-org <org>', 'list the organisation\'s repositories through the GitHub API (GITHUB_TOKEN; github.baseUrl for GitHub Enterprise)')
		.option('--topic <topic>', 'only repositories with this topic (with --github-org)')
		.option('--exclude-archived', 'leave out archived repositories (with --github-org)')
		.option('--from-file <file>', 'read the repositories from a file instead, one per line (other code hosts)')
		.option('--shard-size <n>', 'group the repositories into matrix entries of this many')
		.option('--config <file>', 'configuration file (default: ./shipshape.config.yaml when present)')
		.addOption(new Option('--format <format>', 'output format: json (for strategy.matrix via fromJSON) or lines').choices([...REPOS_FORMATS]).default('json'))
		.action(async (options) => print(await reposCommand(options, { cwd: io.cwd, env: process.env, log: (message) => io.stderr(`shipshape: ${message}\n`) })));

	program
		.command('merge')
		.description('combine catalog fragments (one per repository, from `collect --fragment`, and the inventory\'s) into one catalog; exit 1 when a fragment was rejected')
		.argument('<fragments...>', 'fragment directories, or directories that hold them (an artifact download)')
		.option('--config <file>', 'configuration file (default: ./shipshape.config.yaml when present)')
		.option('--catalog <dir>', 'catalog directory to merge into (default: catalog)')
		.option('--repositories <file>', 'the organisation\'s repositories, one per line (`shipshape repos --format lines`): repositories not listed are removed from the catalog')
		.option('--allow-shrink', 'let this merge remove more services than collect.shrinkLimit allows')
		.option('--quiet', 'print only the summary')
		.action(async (fragments: string[], options) => print(await mergeCommand(fragments, { ...options, allowShrink: options.allowShrink === true }, { cwd: io.cwd, log: createLogger(process.stderr, options.quiet === true) })));

	program
		.command('lint')
		.description('check the catalog\'s own data quality (missing tiers and owners, dangling references, …); exit 1 when a rule set to error fails')
		.option('--config <file>', 'configuration file (default: ./shipshape.config.yaml when present)')
		.option('--catalog <dir>', 'catalog directory (default: catalog)')
		.addOption(new Option('--format <format>', 'output format: text, json, or github (workflow annotations on the descriptor\'s line)').choices(['text', 'json', 'github']).default('text'))
		.action(async (options) => print(await lintCommand(options, io.cwd)));

	program
		.command('touched')
		.description('list the services that changed files belong to, one id per line (for pull-request gates)')
		.requiredOption('--files <file>', 'file with changed paths, one per line, relative to the git root (git diff --name-only), or - for stdin')
		.option('--config <file>', 'configuration file (default: ./shipshape.config.yaml when present)')
		.option('--catalog <dir>', 'catalog directory (default: catalog)')
		.action(async (options) => print(await touchedCommand(options, io.cwd)));

	inputs(program.command('history').description('list the score snapshots in git history and seeded files, oldest first'))
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
		.option('--service <id>', 'follow one service')
		.action(async (options) => print(await historyCommand(options, parseNow(options.now), io.cwd)));

	inputs(program.command('diff').description('what changed in readiness between two versions, or with an earlier rubric'))
		.option('--from <rev>', 'git revision of the earlier catalog snapshot')
		.option('--to <rev>', 'git revision of the later snapshot (default: score the working tree now)')
		.option('--rubric-from <rev>', 'score the current catalog with the rubric as it was at <rev> and with the current one')
		.option('--catalog-from <rev>', 'the catalog\'s changes since <rev> in words (configuration and facts per service, the level changes they cause, activity counted apart), to --to <rev> or the working tree')
		.addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
		.action(async (options) => print(await diffCommand(options, parseNow(options.now), io.cwd)));

	inputs(program.command('docs').description('print the rubric and the collectors as Markdown, generated from their definitions'))
		.addOption(new Option('--format <format>', 'output format').choices(['markdown']).default('markdown'))
		.addOption(new Option('--section <section>', 'what to print').choices(['rubric', 'collectors', 'all']).default('all'))
		.action(async (options) => print(await docsCommand(options, io.cwd)));

	program
		.command('init')
		.description('write a shipshape.config.yaml and rubric overlay that fit this repository (and CI workflows with --ci)')
		.addOption(new Option('--ci <provider>', 'also write the scheduled and pull-request workflows').choices(CI_PROVIDERS))
		.option('--force', 'overwrite files that already exist')
		.action(async (options) => print(await initCommand({ cwd: io.cwd, ci: options.ci, force: options.force === true, quiet: options.quiet === true })));

	program
		.command('preview')
		.description('serve the built site on http://127.0.0.1:4321 (Ctrl-C stops it)')
		.option('--config <file>', 'configuration file (default: ./shipshape.config.yaml when present)')
		.option('--out <dir>', 'site directory to serve (default: dist)')
		.option('--port <number>', 'port (default: 4321; 0 picks a free one)', '4321')
		.action(async (options) => {
			const served = await startPreview(options, io.cwd);
			io.stdout(served.announcement);
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
		if (error instanceof UsageError || error instanceof ConfigError || error instanceof CatalogError || error instanceof RubricError || error instanceof CollectionRefused || error instanceof MergeRefused) {
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

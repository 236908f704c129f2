// What each command does, one function per command: flags in, the text to print and the exit
// code out. `main.ts` only declares the commands and their flags, calls these and prints, so the
// exit-code contract and the wording live in one place per command and tests can read them.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runCollection, type CollectionSettings, type CollectSummary } from '../../collectors/run.ts';
import { settleCatalogSync } from '../../catalog/io/catalog-transaction.ts';
import { originRepository, runGit } from '../../catalog/io/git.ts';
import { mergeFragments, type MergeSummary } from '../../catalog/merge/index.ts';
import { repositorySlug } from '../../catalog/format/repository-slug.ts';
import type { Logger } from '../../catalog/io/logger.ts';
import { resolveSettings, type SettingFlags } from '../lib/config/load.ts';
import { DEFAULT_RUBRIC } from '../lib/report/load-rubric.ts';
import { servicesTouched } from '../lib/history/touched.ts';
import { formatDiffMarkdown, formatDiffText } from '../lib/history/diff.ts';
import { collectorsMarkdown, rubricMarkdown } from '../lib/docs/markdown.ts';
import { buildBacklog } from '../lib/scoring/backlog.ts';
import { checkQuality } from '../lib/quality/index.ts';
import { formatBacklog, type BacklogFormat } from './backlog.ts';
import { assembleReport, buildSite } from './build-site.ts';
import { buildDigest } from '../lib/digest/build.ts';
import { formatDigest, type DigestFormat } from '../lib/digest/format.ts';
import { formatMatrix, MATRIX_LIMIT, organisationRepositories, repositoriesFromList, repositoryMatrix, type ReposFormat } from './repos.ts';
import { createGitHubClient, describeGitHubError } from '../../collectors/lib/octokit.ts';
import { githubClientOptions, resolveGitHubSettings, type GitHubSettingsSection } from '../../collectors/github/settings.ts';
import { runInit, type CiProvider } from './init.ts';
import { serveSite } from './preview.ts';
import { changedFilesUnderRepo, readStdin } from './changed-files.ts';
import { collectorDocs } from './collector-docs.ts';
import { diffCatalogVersions, diffRubric, diffVersions, formatHistory, historyJson } from './diff.ts';
import { formatCatalogDiffMarkdown, formatCatalogDiffText } from '../lib/history/catalog-diff.ts';
import { onInterrupt } from './interrupt.ts';
import { formatLint, type LintFormat } from './lint.ts';
import { findingJson, formatCheckResult, formatScoreTable, formatSystemCheckResult } from './output.ts';
import { loadAndScore, loadConfiguredCatalog, loadPluginRubric, UsageError } from './pipeline.ts';
import { loadPlugins } from './plugins.ts';
import { loadHistoryPoints } from './readiness.ts';

/** What a command prints on standard output and the exit code it ends with (0 yes, 1 no). */
export interface CommandResult {
	stdout: string;
	/** Warnings for standard error (the run went on). */
	warnings?: string[];
	exitCode: 0 | 1;
}

const done = (stdout: string, exitCode: 0 | 1 = 0, warnings: string[] = []): CommandResult => ({ stdout, exitCode, warnings });

export interface CollectFlags extends SettingFlags {
	only?: string;
	strict?: boolean;
	/** Write a catalog fragment (default directory `fragments/<repository-slug>/`) with its manifest. */
	fragment?: boolean;
	/** The repository the fragment is of (`owner/name`); default: git's `origin`, else the directory's name. */
	repository?: string;
	/** An inventory fragment: match the inventory to this catalog's services. */
	servicesFrom?: string;
}

/** `collect`: settings, the user's plugins, the collection (the catalog settled on Ctrl-C), its summary. */
export async function collectCommand(flags: CollectFlags, { cwd, now, log, env }: { cwd: string; now: Date; log: Logger; env: Readonly<Record<string, string | undefined>> }): Promise<CommandResult> {
	const settings = await resolveSettings(flags, cwd);
	if (flags.servicesFrom !== undefined && flags.fragment !== true) throw new UsageError('--services-from makes an inventory fragment: use it with --fragment (and --inventory).');
	if (flags.repository !== undefined && flags.fragment !== true) throw new UsageError('--repository names the repository of a fragment: use it with --fragment.');
	const collection: CollectionSettings = flags.fragment === true ? { ...settings, ...(await fragmentSettings(settings, flags, cwd)) } : settings;
	const release = onInterrupt(() => settleCatalogSync(collection.catalog), 'the catalog was left as it was (or, if it was already committed, completed)');
	let summary: CollectSummary;
	try {
		const plugins = await loadPlugins(settings.plugins, settings.configFile, cwd);
		summary = await runCollection(collection, { now, log, env, collectors: plugins.allCollectors, only: flags.only?.split(',').map((id) => id.trim()) });
	} finally {
		release();
	}
	const where = path.relative(cwd, collection.catalog) || '.';
	const failed = summary.failedCollectors.length > 0;
	const fragment = collection.fragment == null ? '' : ` (a fragment of ${collection.fragment.repository}${collection.fragment.commit === null ? '' : ` at ${collection.fragment.commit.slice(0, 12)}`})`;
	const lines = [
		`Collected ${summary.serviceCount} services and ${summary.teamCount} teams into ${where}${fragment}` +
			` (${summary.inputErrorCount} input error(s)${failed ? `, failed collectors: ${summary.failedCollectors.join(', ')}` : ''}).` +
			`${summary.changed ? '' : ' Nothing changed; no file was written.'}${summary.removedServices.length > 0 ? ` Removed ${summary.removedServices.length} service(s): ${summary.removedServices.join(', ')}.` : ''}\n`,
		...summary.skippedCollectors.map((skipped) => `  ${skipped.id} skipped: ${skipped.reason}\n`),
	];
	return done(lines.join(''), failed || (flags.strict === true && summary.inputErrorCount > 0) ? 1 : 0);
}

/**
 * What `collect --fragment` changes in the settings: the fragment's origin (repository, commit),
 * its directory when --catalog is not given, and the repository the GitHub collector asks about.
 */
async function fragmentSettings(settings: CollectionSettings, flags: CollectFlags, cwd: string): Promise<Pick<CollectionSettings, 'catalog' | 'fragment' | 'servicesFrom' | 'collectorSettings'>> {
	const inventory = flags.servicesFrom !== undefined;
	const repository = flags.repository ?? (inventory ? 'inventory' : ((await originRepository(runGit, settings.repo))?.repository ?? path.basename(path.resolve(settings.repo))));
	if (repositorySlug(repository) === '') throw new UsageError(`--repository "${repository}" names no repository; write owner/name.`);
	const commit = inventory ? null : await gitLine(settings.repo, ['rev-parse', 'HEAD']);
	const committedAt = commit === null ? null : await gitLine(settings.repo, ['log', '-1', '--format=%cI', commit]);
	const github = (settings.collectorSettings.github ?? {}) as Record<string, unknown>;
	return {
		catalog: flags.catalog === undefined ? path.resolve(cwd, 'fragments', repositorySlug(repository)) : settings.catalog,
		fragment: { kind: inventory ? 'inventory' : 'repository', repository, commit, committedAt },
		servicesFrom: inventory ? path.resolve(cwd, flags.servicesFrom!) : null,
		// Each matrix job collects another repository with the same configuration: the GitHub facts are that repository's.
		collectorSettings: !inventory && /^[\w.-]+\/[\w.-]+$/.test(repository) ? { ...settings.collectorSettings, github: { ...github, repository } } : settings.collectorSettings,
	};
}

/** One line of git's output, or null when the directory is not a git checkout (or has no commits). */
async function gitLine(cwd: string, args: readonly string[]): Promise<string | null> {
	try {
		return (await runGit(cwd, args, { timeoutMs: 10_000 })).toString('utf8').trim() || null;
	} catch {
		return null;
	}
}

/** The repositories a file lists, one per line (`--from-file`, `--repositories`); an unreadable file or a bad line is a usage error. */
async function repositoryListFile(flag: string, file: string, cwd: string): Promise<string[]> {
	const text = await readFile(path.resolve(cwd, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
		throw new UsageError(`${flag} ${file}: cannot read it (${error.code ?? error.message}).`);
	});
	try {
		return repositoriesFromList(text, file);
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
}

/** `merge`: fragments into one catalog; exit 1 when a fragment was rejected (its repository's previous records were kept). */
export async function mergeCommand(fragments: readonly string[], flags: SettingFlags & { repositories?: string; allowShrink?: boolean }, { cwd, log }: { cwd: string; log: Logger }): Promise<CommandResult> {
	const settings = await resolveSettings(flags, cwd);
	let repositories: string[] | null = null;
	if (flags.repositories !== undefined) {
		repositories = await repositoryListFile('--repositories', flags.repositories, cwd);
		if (repositories.length === 0) throw new UsageError(`--repositories ${flags.repositories} lists no repositories: merging would remove every one; check the file.`);
	}
	const release = onInterrupt(() => settleCatalogSync(settings.catalog), 'the catalog was left as it was (or, if it was already committed, completed)');
	let summary: MergeSummary;
	try {
		summary = await mergeFragments({ catalog: settings.catalog, fragments: fragments.map((fragment) => path.resolve(cwd, fragment)), idClashResolutions: settings.merge.idClashes, repositories, shrink: settings.collect, log });
	} finally {
		release();
	}
	const where = path.relative(cwd, settings.catalog) || '.';
	const relative = (directory: string) => path.relative(cwd, directory) || '.';
	const lines = [
		`Merged ${summary.repositoryCount} repositories into ${where}: ${summary.serviceCount} services (${summary.merged.length} from fragments, ${summary.kept.length} kept from the previous catalog).${summary.changed ? '' : ' Nothing changed; no file was written.'}\n`,
		...summary.rejected.map((rejected) => `  rejected ${relative(rejected.directory)}: ${rejected.reason}\n`),
		...summary.older.map((older) => `  not merged ${relative(older.directory)}: ${older.reason}\n`),
		...(summary.kept.length > 0 ? [`  kept from the previous catalog: ${summary.kept.slice(0, 10).join(', ')}${summary.kept.length > 10 ? `, … (${summary.kept.length - 10} more)` : ''}\n`] : []),
		...(summary.dropped.length > 0 ? [`  removed (not in ${flags.repositories}): ${summary.dropped.join(', ')}\n`] : []),
		...summary.clashes.map((id) => `  id clash: "${id}" is claimed by services of several repositories; each is kept under an id qualified with its repository (see discovery.json, or set merge.idClashes)\n`),
	];
	return done(lines.join(''), summary.rejected.length > 0 ? 1 : 0);
}

/** `score`: the scores as a table or JSON. */
export async function scoreCommand(flags: SettingFlags & { format: 'table' | 'json' }, now: Date, cwd: string): Promise<CommandResult> {
	const { scores } = await loadAndScore(flags, now, cwd);
	if (flags.format === 'table') return done(formatScoreTable(scores));
	const { rubricVersion, services, teams, systems, domains, organisation } = scores;
	return done(`${JSON.stringify({ rubricVersion, services: services.map(({ id, level, score, checks }) => ({ id, level, score, checks: checks.map(findingJson) })), teams, systems, domains, organisation }, null, 2)}\n`);
}

/** `check`: 0 when the service (or every service of the system) is at or above the level, 1 when below. */
export async function checkCommand(flags: SettingFlags & { service?: string; system?: string; minLevel: string; format: 'text' | 'json' }, now: Date, cwd: string): Promise<CommandResult> {
	const { scores, rubric } = await loadAndScore(flags, now, cwd);
	const levels = rubric.levels.map((level) => level.id);
	if (!levels.includes(flags.minLevel)) throw new UsageError(`--min-level "${flags.minLevel}" is not a level of this rubric; use one of ${levels.join(', ')}.`);
	if ((flags.service === undefined) === (flags.system === undefined)) throw new UsageError('give either --service ID or --system ID.');
	if (flags.system !== undefined) {
		const system = scores.systems.find((candidate) => candidate.id === flags.system);
		if (system === undefined) throw new UsageError(`--system "${flags.system}" is not in the catalog; the catalog's systems are ${scores.systems.map((candidate) => candidate.id).join(', ') || 'none (declare them with Backstage System entities, service.yaml `system:` or `systems:` in the configuration)'}.`);
		const members = system.services.map((id) => scores.services.find((candidate) => candidate.id === id)!);
		const result = formatSystemCheckResult(system, members, flags.minLevel, levels, flags.format, scores.unknownPolicy);
		return done(result.text, result.passed ? 0 : 1);
	}
	const service = scores.services.find((candidate) => candidate.id === flags.service);
	if (service === undefined) throw new UsageError(`--service "${flags.service}" is not in the catalog; run \`shipshape score\` to list service ids.`);
	const result = formatCheckResult(service, flags.minLevel, levels, flags.format, scores.unknownPolicy);
	return done(result.text, result.passed ? 0 : 1);
}

/** `backlog`: a team's failing checks as work items, within a capacity of points. */
export async function backlogCommand(flags: SettingFlags & { team: string; capacity?: string; format: BacklogFormat }, now: Date, cwd: string): Promise<CommandResult> {
	const { scores, rubric } = await loadAndScore(flags, now, cwd);
	const team = scores.teams.find((candidate) => candidate.id === flags.team);
	if (team === undefined) throw new UsageError(`--team "${flags.team}" is not in the catalog; its teams are ${scores.teams.map((candidate) => candidate.id).join(', ') || 'none'}.`);
	const capacity = flags.capacity === undefined ? null : Number(flags.capacity);
	if (capacity !== null && !(Number.isFinite(capacity) && capacity > 0)) throw new UsageError(`--capacity "${flags.capacity}" is not a positive number of points.`);
	const services = team.services.map((id) => scores.services.find((candidate) => candidate.id === id)!);
	return done(formatBacklog(team.id, buildBacklog(services, rubric, capacity), capacity, flags.format));
}

/** `lint`: the catalog's data quality; 1 when a rule configured as `error` fails. */
export async function lintCommand(flags: SettingFlags & { format: LintFormat }, cwd: string): Promise<CommandResult> {
	const settings = await resolveSettings(flags, cwd);
	const result = formatLint(checkQuality(await loadConfiguredCatalog(settings), settings.quality), flags.format);
	return done(result.text, result.failed ? 1 : 0);
}

/** `touched`: the services that changed files belong to, one id per line. */
export async function touchedCommand(flags: SettingFlags & { files: string }, cwd: string): Promise<CommandResult> {
	const settings = await resolveSettings(flags, cwd);
	const catalog = await loadConfiguredCatalog(settings);
	const changed = await changedFilesUnderRepo(flags.files === '-' ? await readStdin() : await readFile(path.resolve(cwd, flags.files), 'utf8'), settings.repo, cwd);
	return done(servicesTouched(changed, catalog.services).map((id) => `${id}\n`).join(''));
}

/** `history`: the score snapshots in git history and seeded files, oldest first. */
export async function historyCommand(flags: SettingFlags & { format: 'text' | 'json'; service?: string }, now: Date, cwd: string): Promise<CommandResult> {
	const settings = await resolveSettings(flags, cwd);
	const { points, problems } = await loadHistoryPoints(settings, now);
	const levels = (await loadPluginRubric(settings, await loadPlugins(settings.plugins, settings.configFile, cwd))).levels.map((level) => level.id);
	return done(flags.format === 'json' ? `${JSON.stringify(historyJson(points, flags.service), null, 2)}\n` : formatHistory(points, flags.service, levels), 0, problems);
}

/** `diff`: readiness changes between two versions, or under an earlier rubric. */
export async function diffCommand(flags: SettingFlags & { from?: string; to?: string; rubricFrom?: string; catalogFrom?: string; format: 'text' | 'markdown' | 'json' }, now: Date, cwd: string): Promise<CommandResult> {
	const modes = [flags.from, flags.rubricFrom, flags.catalogFrom].filter((value) => value !== undefined).length;
	if (modes !== 1) throw new UsageError('give one of --from <rev> (readiness since a version), --catalog-from <rev> (the catalog\'s changes since a version, in words) or --rubric-from <rev> (impact of a rubric change).');
	if (flags.catalogFrom !== undefined) {
		const diff = await diffCatalogVersions(flags, flags.catalogFrom, flags.to, now, cwd);
		return done(flags.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : flags.format === 'markdown' ? formatCatalogDiffMarkdown(diff) : formatCatalogDiffText(diff));
	}
	const diff = flags.rubricFrom !== undefined ? await diffRubric(flags, flags.rubricFrom, now, cwd) : await diffVersions(flags, flags.from!, flags.to, now, cwd);
	return done(flags.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : flags.format === 'markdown' ? formatDiffMarkdown(diff) : formatDiffText(diff));
}

/** `docs`: the rubric and the collectors (the user's plugins included) as Markdown. */
export async function docsCommand(flags: SettingFlags & { section: 'rubric' | 'collectors' | 'all' }, cwd: string): Promise<CommandResult> {
	const settings = await resolveSettings(flags, cwd);
	const plugins = await loadPlugins(settings.plugins, settings.configFile, cwd);
	const parts: string[] = [];
	if (flags.section !== 'collectors') parts.push(rubricMarkdown(await loadPluginRubric(settings, plugins), plugins.evaluatorsByName, settings.rubric === DEFAULT_RUBRIC ? 'The default rubric' : 'The rubric'));
	if (flags.section !== 'rubric') parts.push(collectorsMarkdown(await collectorDocs(plugins.allCollectors)));
	return done(parts.join('\n'));
}

/** `build`: score and render the site (the pipeline is build-site.ts), then one line of summary. */
export async function buildCommand(flags: SettingFlags & { archive?: string; quiet?: boolean }, { now, cwd, log, warn }: { now: Date; cwd: string; log: Logger; warn: (message: string) => void }): Promise<CommandResult> {
	const built = await buildSite({ flags, now, cwd, archive: flags.archive, quiet: flags.quiet === true, log, warn });
	const reused = built.pages.reused === 0 ? '' : ` Service pages: ${built.pages.rendered} rendered, ${built.pages.reused} reused from the page cache.`;
	return done(`Built the site for ${built.serviceCount} services into ${path.relative(cwd, built.out) || '.'}${built.report !== null ? ` (report ${built.report.id}; ${built.report.kept} kept under /reports/)` : ''}.${reused}\n`);
}

/** `init`: a configuration and rubric overlay that fit the repository, and CI workflows with `--ci`. */
export async function initCommand({ cwd, ci, force, quiet }: { cwd: string; ci?: CiProvider; force: boolean; quiet: boolean }): Promise<CommandResult> {
	const result = await runInit({ cwd, ci, force });
	const lines = [
		...(quiet ? [] : [`Found: ${result.found.join('; ')}.\n`]),
		...result.written.map((file) => `  wrote ${file}\n`),
		...result.kept.map((file) => `  kept ${file} (it exists; --force overwrites it)\n`),
		'Next: npx shipshape collect && npx shipshape build && npx shipshape preview\n',
	];
	return done(lines.join(''));
}

/** `preview`: the built site served on 127.0.0.1 until it is closed. */
export async function startPreview(flags: { config?: string; out?: string; port: string }, cwd: string): Promise<{ announcement: string; close(): Promise<void> }> {
	const settings = await resolveSettings({ config: flags.config, out: flags.out }, cwd);
	const port = Number(flags.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${flags.port}" is not a port number; use e.g. 4321.`);
	if (!existsSync(path.join(settings.out, 'index.html'))) throw new UsageError(`${settings.out} holds no built site; run \`shipshape build\` first.`);
	const served = await serveSite(settings.out, { base: settings.site.base, port }).catch((error: NodeJS.ErrnoException) => {
		throw new UsageError(`cannot listen on port ${port} (${error.code ?? error.message}); pick another with --port.`);
	});
	return { announcement: `Serving ${path.relative(cwd, settings.out) || '.'} at ${served.url} (Ctrl-C stops it).\n`, close: () => served.close() };
}

/** `digest`: the review digest of the organisation or a team, for a CI step to post to a chat webhook. */
export async function digestCommand(flags: SettingFlags & { format: DigestFormat; team?: string; siteUrl?: string }, now: Date, cwd: string): Promise<CommandResult> {
	if (flags.siteUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(flags.siteUrl)) throw new UsageError(`--site-url "${flags.siteUrl}" is not an http(s) address; use the published site's address, e.g. https://readiness.example.com/.`);
	const scored = await loadAndScore(flags, now, cwd);
	const { built } = await assembleReport(scored, now);
	const digest = buildDigest(built.report, flags.team ?? null);
	if (digest === undefined) throw new UsageError(`--team "${flags.team}" is not in the catalog; its teams are ${built.report.teams.map((team) => team.id).sort().join(', ') || 'none'}.`);
	return done(formatDigest(digest, flags.format, flags.siteUrl ?? null));
}

/** `repos`: the organisation's repositories as a CI matrix (from GitHub, or from a list for other code hosts). */
export async function reposCommand(
	flags: SettingFlags & { githubOrg?: string; topic?: string; excludeArchived?: boolean; fromFile?: string; shardSize?: string; format: ReposFormat },
	{ cwd, env, log }: { cwd: string; env: Readonly<Record<string, string | undefined>>; log: (message: string) => void },
): Promise<CommandResult> {
	if ((flags.githubOrg === undefined) === (flags.fromFile === undefined)) throw new UsageError('give either --github-org ORG (list it through the GitHub API) or --from-file FILE (one repository per line).');
	const shardSize = flags.shardSize === undefined ? null : Number(flags.shardSize);
	if (shardSize !== null && !(Number.isInteger(shardSize) && shardSize > 0)) throw new UsageError(`--shard-size "${flags.shardSize}" is not a positive whole number of repositories.`);
	let repositories: string[];
	if (flags.fromFile !== undefined) {
		repositories = await repositoryListFile('--from-file', flags.fromFile, cwd);
	} else {
		if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(flags.githubOrg!)) throw new UsageError(`--github-org "${flags.githubOrg}" is not a GitHub organisation name.`);
		const settings = await resolveSettings(flags, cwd);
		const github = resolveGitHubSettings(settings.collectorSettings.github as GitHubSettingsSection | undefined, settings);
		const client = await createGitHubClient(githubClientOptions(github, env, log));
		try {
			repositories = await organisationRepositories(client, flags.githubOrg!, { topic: flags.topic, excludeArchived: flags.excludeArchived === true });
		} catch (error) {
			throw new UsageError(`cannot list the repositories of ${flags.githubOrg}: ${describeGitHubError(error)}. Check the organisation name, GITHUB_TOKEN and github.baseUrl.`);
		}
		await client.saveCache();
	}
	const matrix = repositoryMatrix(repositories, shardSize);
	const warnings = matrix.length > MATRIX_LIMIT ? [`${matrix.length} matrix entries; a GitHub Actions matrix runs at most ${MATRIX_LIMIT} jobs: pass --shard-size ${Math.ceil(repositories.length / MATRIX_LIMIT)} or more.`] : [];
	return done(formatMatrix(matrix, flags.format), 0, warnings);
}

// `shipshape init`: looks at the repository it runs in and writes a configuration that fits it, a
// rubric overlay that leaves out the checks whose data sources the repository does not have (each
// with the source that would enable it), optionally the CI workflows, and the .gitignore entry for
// Shipshape's cache. Never overwrites a file unless asked to.
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CODEOWNERS_LOCATIONS, parseCodeowners } from '../../collectors/discovery/codeowners.ts';
import { formatOf, parseDescriptor } from '../../collectors/discovery/descriptors.ts';
import { listFiles, readHead } from '../../collectors/lib/files.ts';
import { toId } from '../../collectors/lib/names.ts';
import { COLLECTORS } from '../../collectors/index.ts';
import { originRepository, runGit } from '../../catalog/io/git.ts';
import { PACKAGE_ROOT } from '../lib/config/load.ts';
import { DEFAULT_RUBRIC, loadRubric } from '../lib/report/load-rubric.ts';
import { EVALUATORS_BY_NAME } from '../lib/scoring/evaluators/index.ts';
import { namespacesOf } from '../lib/scoring/sources.ts';

export const CI_PROVIDERS = ['github', 'gitlab'] as const;
export type CiProvider = (typeof CI_PROVIDERS)[number];

export interface InitOptions {
	cwd: string;
	ci?: CiProvider;
	force: boolean;
}

export interface InitResult {
	written: string[];
	kept: string[];
	/** What was found, one line each, for the summary. */
	found: string[];
}

/** What the repository has, as far as Shipshape's sources go. */
export interface RepositoryShape {
	inventory: string | null;
	codeowners: string | null;
	teams: { id: string; alias: string | null }[];
	hasManifests: boolean;
	githubRepository: string | null;
	ci: { github: boolean; gitlab: boolean };
}

export async function runInit({ cwd, ci, force }: InitOptions): Promise<InitResult> {
	const shape = await inspectRepository(cwd);
	const missing = missingSources(shape);
	const rubric = await loadRubric(DEFAULT_RUBRIC, EVALUATORS_BY_NAME);
	const disabled = rubric.checks
		.map((check) => ({ id: check.id, namespaces: namespacesOf(check, EVALUATORS_BY_NAME) }))
		.filter(({ namespaces }) => namespaces.length > 0 && namespaces.every((namespace) => missing.has(namespace)));

	const files = new Map<string, string>([
		['shipshape.config.yaml', configFile(cwd, shape)],
		['shipshape/rubric.yaml', overlayFile(cwd, disabled)],
	]);
	if (ci !== undefined) for (const [target, template] of ciFiles(ci)) files.set(target, await readFile(path.join(PACKAGE_ROOT, 'src/templates/ci', template), 'utf8'));

	const result: InitResult = { written: [], kept: [], found: describeShape(shape, disabled.length) };
	for (const [relative, content] of files) {
		const target = path.join(cwd, relative);
		if (existsSync(target) && !force) {
			result.kept.push(relative);
			continue;
		}
		await mkdir(path.dirname(target), { recursive: true });
		await writeFile(target, content);
		result.written.push(relative);
	}
	if (await ignoreCache(cwd)) result.written.push('.gitignore');
	if (await markGenerated(cwd)) result.written.push('.gitattributes');
	return result;
}

export async function inspectRepository(cwd: string): Promise<RepositoryShape> {
	const files = await listFiles(cwd);
	const inventoryFiles = files.filter((file) => /\.tfstate(\.json)?$|(^|\/)terraform-show[^/]*\.json$|(^|\/)kubectl[^/]*\.json$|(^|\/)(aws-)?(tagging|config)[^/]*\.json$/i.test(file));
	const dialect = files.includes('.gitlab-ci.yml') ? 'gitlab' : 'github';
	const codeowners = CODEOWNERS_LOCATIONS[dialect].find((location) => files.includes(location)) ?? null;
	const teams = new Map<string, string | null>();
	if (codeowners !== null) {
		for (const rule of parseCodeowners(await readFile(path.join(cwd, codeowners), 'utf8'), dialect).rules) {
			for (const owner of rule.owners) {
				const team = /^@[\w.-]+\/([\w.-]+)$/.exec(owner)?.[1];
				if (team !== undefined) teams.set(toId(team), owner);
			}
		}
	}
	for (const file of files) {
		const format = formatOf(path.posix.basename(file));
		if (format === null) continue;
		const parsed = parseDescriptor(format, file, await readFile(path.join(cwd, file), 'utf8').catch(() => ''));
		for (const service of parsed.services) if (service.owner !== null && !service.owner.startsWith('@') && !teams.has(toId(service.owner.replace(/^group:(default\/)?/, '')))) teams.set(toId(service.owner.replace(/^group:(default\/)?/, '')), null);
		for (const team of parsed.teams) if (!teams.has(team.id)) teams.set(team.id, null);
	}
	const yamlFiles = files.filter((file) => /\.ya?ml$/.test(file));
	const hasManifests = yamlFiles.some((file) => {
		const head = readHead(cwd, file, 4096)?.head ?? '';
		return /^apiVersion:/m.test(head) && /^kind:\s*(Deployment|StatefulSet|DaemonSet|CronJob|Job)\b/m.test(head);
	});
	return {
		inventory: commonDirectory(inventoryFiles),
		codeowners,
		teams: [...teams].map(([id, alias]) => ({ id, alias })).sort((a, b) => (a.id < b.id ? -1 : 1)),
		hasManifests,
		githubRepository: await githubRepository(cwd),
		ci: { github: files.some((file) => file.startsWith('.github/workflows/')), gitlab: files.includes('.gitlab-ci.yml') },
	};
}

function missingSources(shape: RepositoryShape): Set<string> {
	const missing = new Set<string>();
	if (shape.inventory === null) {
		missing.add('terraform-state');
		missing.add('aws-inventory');
		if (!shape.hasManifests) missing.add('k8s-manifests');
	}
	if (shape.githubRepository === null) missing.add('github');
	return missing;
}

/** The deepest directory that holds every file, or null without files. */
function commonDirectory(files: readonly string[]): string | null {
	if (files.length === 0) return null;
	const split = files.map((file) => path.posix.dirname(file).split('/'));
	const common: string[] = [];
	for (let index = 0; split.every((parts) => parts[index] !== undefined && parts[index] === split[0]![index]); index += 1) common.push(split[0]![index]!);
	return common.length === 0 || (common.length === 1 && common[0] === '.') ? '.' : common.join('/');
}

/** The repository on GitHub (github.com or a GitHub Enterprise host named so), from the origin remote. */
async function githubRepository(cwd: string): Promise<string | null> {
	const origin = await originRepository(runGit, cwd);
	return origin !== null && /github/i.test(origin.host) ? origin.repository : null;
}

function schemaPath(cwd: string, from: string, schema: string): string {
	const relative = path.relative(path.join(cwd, path.dirname(from)), path.join(PACKAGE_ROOT, schema)).split(path.sep).join('/');
	return relative.startsWith('.') ? relative : `./${relative}`;
}

function configFile(cwd: string, shape: RepositoryShape): string {
	const lines = [
		`# yaml-language-server: $schema=${schemaPath(cwd, 'shipshape.config.yaml', 'catalog/schema/json/config.schema.json')}`,
		'# Shipshape configuration, written by `shipshape init` for this repository. Relative paths resolve',
		'# against this file; command-line flags override every setting. Reference: the README.',
		'repo: .            # the monorepo root to scan',
		shape.inventory === null
			? '# inventory: infra/exports   # a directory of Terraform state, kubectl dumps and AWS exports (none found)'
			: `inventory: ${shape.inventory}   # Terraform state, kubectl dumps and AWS exports found here`,
		'catalog: catalog   # the catalog `collect` writes; commit it, review its diffs',
		'out: dist          # the site `build` writes',
		'rubric: shipshape/rubric.yaml   # the default rubric, adjusted for this repository',
		'site:',
		`  title: ${shape.githubRepository === null ? 'Production readiness' : `${shape.githubRepository.split('/')[0]} production readiness`}`,
	];
	if (shape.githubRepository !== null) lines.push('github:', `  repository: ${shape.githubRepository}   # GITHUB_TOKEN in the environment enables the GitHub checks`);
	if (shape.teams.length > 0) {
		lines.push(`# Teams seen in ${[shape.codeowners, 'descriptors'].filter(Boolean).join(' and ')}; add names and members (git authors) as you like.`, 'teams:');
		for (const team of shape.teams) lines.push(`  - id: ${team.id}${team.alias === null ? '' : `\n    aliases: ['${team.alias}']`}`);
	} else {
		lines.push('# teams:            # none seen in CODEOWNERS or descriptors', '#   - { id: payments, aliases: [\'@acme/payments\'] }');
	}
	return `${lines.join('\n')}\n`;
}

function overlayFile(cwd: string, disabled: readonly { id: string; namespaces: string[] }[]): string {
	const lines = [
		`# yaml-language-server: $schema=${schemaPath(cwd, 'shipshape/rubric.yaml', 'rubrics/overlay.schema.json')}`,
		'# The rubric of this repository: the default one, minus the checks whose data sources it does not',
		'# have (yet). Remove a line once its source is there. `override:` changes a check (level, options,',
		'# enforcedFrom); `checks:` adds your own, one YAML file per check.',
		'extends: default',
	];
	if (disabled.length === 0) lines.push('disable: []');
	else {
		// What each source is and how to provide it are the collectors' own words (their meta), said
		// once above the list; each disabled check names the sources it waits for.
		const collectorOf = new Map(COLLECTORS.map((collector) => [collector.id, collector]));
		const sourceOf = (namespace: string) => collectorOf.get(namespace) ?? { source: namespace, howToEnable: `Collect ${namespace}.`, readsInventory: false };
		const needed = [...new Set(disabled.flatMap(({ namespaces }) => namespaces))].sort().map(sourceOf);
		lines.push('# Sources this repository does not have yet, and how to add them:');
		for (const source of needed) lines.push(`#   ${source.source}: ${source.howToEnable}`);
		if (needed.some((source) => source.readsInventory === true)) lines.push('#   (the inventory directory is the one `inventory:` names in shipshape.config.yaml)');
		lines.push('disable:');
		for (const { id, namespaces } of disabled) lines.push(`  - ${id}   # needs ${namespaces.map((namespace) => sourceOf(namespace).source).join(' or ')}`);
	}
	lines.push('# override:', '#   has-multiple-replicas: { level: silver }', '# checks: ./checks');
	return `${lines.join('\n')}\n`;
}

function ciFiles(ci: CiProvider): [string, string][] {
	return ci === 'github'
		? [['.github/workflows/shipshape-readiness.yml', 'github-scheduled.yml'], ['.github/workflows/shipshape-pull-request.yml', 'github-pull-request.yml']]
		: [['shipshape.gitlab-ci.yml', 'gitlab-ci.yml']];
}

/** Appends `.shipshape/` to .gitignore unless it is already ignored there; true when it wrote. */
async function ignoreCache(cwd: string): Promise<boolean> {
	const file = path.join(cwd, '.gitignore');
	const current = await readFile(file, 'utf8').catch(() => null);
	if (current !== null && /^\/?\.shipshape\/?$/m.test(current)) return false;
	await appendFile(file, `${current === null || current.endsWith('\n') || current === '' ? '' : '\n'}# Shipshape's caches and temporary build files\n.shipshape/\n`);
	return true;
}

/** The catalog files Shipshape writes; their diffs are read through `shipshape diff --catalog-from`. */
export const GENERATED_CATALOG_FILES = ['catalog/services/*.json', 'catalog/activity/*.json', 'catalog/teams/*.json', 'catalog/systems/*.json', 'catalog/domains/*.json', 'catalog/repositories/*.json', 'catalog/discovery.json', 'catalog/meta.json', 'catalog/quality.json', 'catalog/snapshot.json'];

/** Marks the generated catalog files in .gitattributes (code hosts collapse their diffs); true when it wrote. */
async function markGenerated(cwd: string): Promise<boolean> {
	const file = path.join(cwd, '.gitattributes');
	const current = await readFile(file, 'utf8').catch(() => null);
	if (current !== null && current.includes('catalog/services/*.json')) return false;
	const lines = GENERATED_CATALOG_FILES.map((pattern) => `${pattern} linguist-generated=true`);
	await appendFile(file, `${current === null || current.endsWith('\n') || current === '' ? '' : '\n'}# Shipshape's generated catalog: code hosts collapse these diffs by default\n${lines.join('\n')}\n`);
	return true;
}

function describeShape(shape: RepositoryShape, disabledCount: number): string[] {
	return [
		shape.inventory === null ? 'no inventory exports (Terraform state, kubectl dumps, AWS exports)' : `inventory exports in ${shape.inventory}`,
		shape.codeowners === null ? 'no CODEOWNERS' : `CODEOWNERS at ${shape.codeowners}`,
		`${shape.teams.length} team(s)${shape.teams.length > 0 ? `: ${shape.teams.map((team) => team.id).join(', ')}` : ''}`,
		shape.hasManifests ? 'Kubernetes manifests' : 'no Kubernetes manifests',
		shape.githubRepository === null ? 'no GitHub remote' : `GitHub repository ${shape.githubRepository}`,
		`${disabledCount} default check(s) left out for now (see shipshape/rubric.yaml)`,
	];
}

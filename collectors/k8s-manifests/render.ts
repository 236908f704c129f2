// `render: true`: the tools themselves render what production runs. `kustomize build` (or the
// Kustomize built into `kubectl kustomize`) renders each overlay Shipshape chose, and `helm template`
// renders each chart with its production values file. Their output replaces Shipshape's own
// approximation for that overlay or chart; when a tool is missing or fails, the approximation stays
// and the problem says why. Programs run through the context: argument arrays, a time limit, an
// output limit, an environment of PATH and HOME only, the repository as working directory.
import path from 'node:path';
import type { CollectorPrograms } from '../types.ts';
import { isObject, type Json } from '../lib/json.ts';
import { parseManifestDocuments } from '../lib/manifest-yaml.ts';
import { DEFAULT_ENVIRONMENTS } from './kustomize.ts';

/** A remote base or a chart dependency may be fetched by the tool; a slow one is stopped here. */
const RENDER_TIMEOUT_MS = 120_000;
/** Rendered output larger than this is refused (a real overlay or chart renders to far less). */
const RENDER_MAX_BYTES = 64 * 1024 * 1024;

export const RENDER_PROGRAMS = ['kustomize', 'kubectl', 'helm'] as const;

export interface ToolRenderedObject {
	raw: Json;
	file: string;
	line: number;
	/** The command line that rendered it, as evidence says. */
	renderedBy: string;
}

export interface ToolRenderResult {
	objects: ToolRenderedObject[];
	/** Overlay directories and chart directories whose tool output replaced the approximation. */
	rendered: Set<string>;
	problems: { file: string; message: string }[];
}

/** A Helm chart: its directory and the values files of its production environment, if any. */
export interface ChartToRender {
	directory: string;
	name: string;
	valuesFiles: string[];
}

/**
 * Charts of the repository (directories with a Chart.yaml that are not another chart's
 * sub-chart), each with the values file of its production environment when one exists
 * (`values-prod.yaml`, `values.production.yaml`, `values/prod.yaml`, …).
 */
export function chartsToRender(files: readonly string[], environment: string | null): ChartToRender[] {
	const fileSet = new Set(files);
	const directories = files.filter((file) => path.posix.basename(file) === 'Chart.yaml').map((file) => path.posix.dirname(file));
	const charts = directories.filter((directory) => !directories.some((other) => other !== directory && directory.startsWith(`${other === '.' ? '' : `${other}/`}charts/`)));
	const environments = environment === null ? [...DEFAULT_ENVIRONMENTS] : [environment];
	return charts.sort().map((directory) => {
		const inChart = (name: string) => (directory === '.' ? name : `${directory}/${name}`);
		const candidates = environments.flatMap((env) => [`values-${env}.yaml`, `values.${env}.yaml`, `values-${env}.yml`, `values.${env}.yml`, `values/${env}.yaml`, `values/${env}.yml`]).map(inChart);
		const valuesFile = candidates.find((candidate) => fileSet.has(candidate));
		return { directory, name: path.posix.basename(directory === '.' ? 'release' : directory), valuesFiles: valuesFile === undefined ? [] : [valuesFile] };
	});
}

export async function renderWithTools(programs: CollectorPrograms, repoRoot: string, overlays: readonly { directory: string; file: string }[], charts: readonly ChartToRender[]): Promise<ToolRenderResult> {
	const result: ToolRenderResult = { objects: [], rendered: new Set(), problems: [] };
	const kustomize = programs.available('kustomize') ? (directory: string) => ['kustomize', ['build', directory]] as const : programs.available('kubectl') ? (directory: string) => ['kubectl', ['kustomize', directory]] as const : null;
	for (const { directory, file } of overlays) {
		if (kustomize === null) {
			result.problems.push({ file, message: 'render is on but neither kustomize nor kubectl is on PATH; the overlay was rendered approximately instead' });
			continue;
		}
		const [program, args] = kustomize(directory);
		const output = await runTool(programs, program, args, repoRoot, file, result.problems);
		if (output === null) continue;
		const renderedBy = `${program} ${args.join(' ')}`;
		for (const document of output) result.objects.push({ raw: document.value, file, line: 1, renderedBy });
		result.rendered.add(directory);
	}
	for (const chart of charts) {
		const file = chart.directory === '.' ? 'Chart.yaml' : `${chart.directory}/Chart.yaml`;
		if (!programs.available('helm')) {
			result.problems.push({ file, message: 'render is on but helm is not on PATH; the chart\'s templates were read approximately instead' });
			continue;
		}
		const args = ['template', chart.name, chart.directory, ...chart.valuesFiles.flatMap((values) => ['--values', values])];
		const output = await runTool(programs, 'helm', args, repoRoot, file, result.problems);
		if (output === null) continue;
		const renderedBy = `helm ${args.join(' ')}`;
		for (const document of output) result.objects.push({ raw: document.value, file: sourceOf(document.source, chart) ?? file, line: 1, renderedBy });
		result.rendered.add(chart.directory);
	}
	return result;
}

async function runTool(programs: CollectorPrograms, program: string, args: readonly string[], cwd: string, file: string, problems: ToolRenderResult['problems']): Promise<{ value: Json; source: string | null }[] | null> {
	let text: string;
	try {
		text = (await programs.run(program, args, { cwd, timeoutMs: RENDER_TIMEOUT_MS, maxBytes: RENDER_MAX_BYTES })).toString('utf8');
	} catch (error) {
		problems.push({ file, message: `\`${program} ${args.join(' ')}\` failed (${(error as Error).message}); rendered approximately instead` });
		return null;
	}
	const { documents, problems: parseProblems } = parseManifestDocuments(text);
	for (const message of parseProblems) problems.push({ file, message: `output of \`${program} ${args.join(' ')}\`: line ${message}` });
	// Helm heads each document with `# Source: <chart>/templates/<file>`: the template it came from.
	const sources = text.split('\n').flatMap((line, index) => {
		const match = /^# Source: (.+)$/.exec(line);
		return match === null ? [] : [{ line: index + 1, source: match[1]!.trim() }];
	});
	let next = 0;
	let source: string | null = null;
	return documents.filter((document) => isObject(document.value)).map((document) => {
		while (next < sources.length && sources[next]!.line < document.line) source = sources[next++]!.source;
		return { value: document.value as Json, source };
	});
}

/** `checkout/templates/deployment.yaml` in helm's output, as a repository path under the chart. */
function sourceOf(source: string | null, chart: ChartToRender): string | null {
	if (source === null) return null;
	const [, ...rest] = source.split('/');
	if (rest.length === 0 || rest.some((segment) => segment === '..')) return null;
	return chart.directory === '.' ? rest.join('/') : `${chart.directory}/${rest.join('/')}`;
}

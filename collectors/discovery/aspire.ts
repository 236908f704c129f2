// .NET Aspire AppHosts: the services of an application declared in C# rather than in YAML
// (`builder.AddProject<Projects.Catalog_API>("catalog-api")`). The AppHost's project references
// say which directory each `Projects.*` type is; the calls say the names people use and what calls
// what (`.WithReference(catalogApi)`). Read as text: the program is never built or run.
import path from 'node:path';
import { lineAt } from './signals.ts';

/** A project file that is an Aspire AppHost (the SDK, the MSBuild property, or the hosting package). */
export function isAspireAppHostProject(text: string): boolean {
	return /Sdk\s*=\s*"Aspire\.AppHost\.Sdk|<Sdk\s+Name\s*=\s*"Aspire\.AppHost\.Sdk|<IsAspireHost>\s*true\s*<\/IsAspireHost>|Include\s*=\s*"Aspire\.Hosting\.AppHost"/i.test(text);
}

/** `ProjectReference`s of a project file, resolved against its directory: `Projects.<type>` → project directory. */
export function projectReferences(projectFile: string, text: string): Map<string, string> {
	const references = new Map<string, string>();
	for (const match of text.matchAll(/<ProjectReference\b[^>]*\bInclude\s*=\s*"([^"]+)"/g)) {
		const target = path.posix.normalize(path.posix.join(path.posix.dirname(projectFile), match[1]!.replaceAll('\\', '/')));
		if (target.startsWith('../')) continue;
		// Aspire's generated `Projects` class names each project by its file name, dots and dashes as underscores.
		references.set(projectTypeName(path.posix.basename(target).replace(/\.\w+proj$/, '')), path.posix.dirname(target));
	}
	return references;
}

export function projectTypeName(projectName: string): string {
	return projectName.replace(/[^A-Za-z0-9_]/g, '_');
}

export interface AspireResource {
	/** The resource name given in the call: the name the application's services use. */
	name: string;
	/** The call: AddProject, AddDockerfile, AddNpmApp, AddYarp, AddContainer, … */
	method: string;
	/** Directory of its code relative to the repository root; null when it has none (a proxy, a third-party container). */
	directory: string | null;
	/** Image of an `AddContainer`. */
	image: string | null;
	line: number;
	/** Names of the resources it references (`.WithReference(x)`), resolved through `var x = …`. */
	references: string[];
}

/** Methods whose second argument is a directory (or a file in it) relative to the AppHost. */
const DIRECTORY_METHODS = new Set(['AddDockerfile', 'AddNpmApp', 'AddNodeApp', 'AddJavaScriptApp', 'AddViteApp', 'AddPythonApp', 'AddUvicornApp', 'AddGolangApp', 'AddProject']);

/**
 * Resources of an AppHost's C# sources. `projects` maps `Projects.*` type names to directories
 * (from `projectReferences`); `appHostDirectory` resolves the path arguments of the other calls.
 * Infrastructure with its own typed call (`AddRedis`, `AddPostgres`, `AddRabbitMQ`, …) is not ours
 * and is not returned.
 */
export function parseAppHost(source: string, appHostDirectory: string, projects: ReadonlyMap<string, string>): AspireResource[] {
	const text = stripComments(source);
	const resources: AspireResource[] = [];
	const byVariable = new Map<string, string>();
	const call = /\.(Add(?:Project|Dockerfile|NpmApp|NodeApp|JavaScriptApp|ViteApp|PythonApp|UvicornApp|GolangApp|Yarp|Container))\s*(?:<\s*(?:global::)?Projects\.([\w.]+)\s*>)?\s*\(\s*"([^"]+)"(?:\s*,\s*"([^"]*)")?/g;
	for (const match of text.matchAll(call)) {
		const [, method, projectType, name, second] = match as unknown as [string, string, string | undefined, string, string | undefined];
		let directory: string | null = null;
		if (projectType !== undefined) directory = projects.get(projectTypeName(projectType)) ?? null;
		else if (second !== undefined && DIRECTORY_METHODS.has(method)) {
			const target = path.posix.normalize(path.posix.join(appHostDirectory, second.replaceAll('\\', '/')));
			const isFile = /\.(csproj|fsproj|js|mjs|ts|py|go)$/.test(target);
			directory = target.startsWith('../') ? null : isFile ? path.posix.dirname(target) : target.replace(/\/$/, '');
		}
		if (method === 'AddProject' && directory === null) continue;
		const statementStart = text.lastIndexOf(';', match.index) + 1;
		const variable = /^\s*(?:var|IResourceBuilder<[^>]+>)\s+(\w+)\s*=/.exec(text.slice(statementStart, match.index))?.[1];
		if (variable !== undefined) byVariable.set(variable, name);
		const statementEnd = text.indexOf(';', match.index);
		resources.push({
			name,
			method,
			directory,
			image: method === 'AddContainer' ? (second ?? null) : null,
			line: lineAt(source, match.index),
			references: [...text.slice(match.index, statementEnd === -1 ? undefined : statementEnd).matchAll(/\.WithReference\(\s*(\w+)/g)].map((reference) => reference[1]!),
		});
	}
	// References name variables; later statements (`webApp.WithReference(x)`) add to their resource.
	for (const match of text.matchAll(/\b(\w+)\s*\.\s*WithReference\(\s*(\w+)/g)) {
		const owner = byVariable.get(match[1]!);
		const resource = resources.find((candidate) => candidate.name === owner);
		if (resource !== undefined) resource.references.push(match[2]!);
	}
	for (const resource of resources) {
		resource.references = [...new Set(resource.references.map((variable) => byVariable.get(variable)).filter((name): name is string => name !== undefined && name !== resource.name))].sort();
	}
	return resources;
}

/** Comments blanked out with spaces (strings kept, so `"http://…"` is no comment), offsets and lines kept true. */
function stripComments(source: string): string {
	return source.replace(/@?"(?:[^"\\\n]|\\.)*"|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (token) => (token.startsWith('/') ? token.replace(/[^\n]/g, ' ') : token));
}

// Pure readers of package manifests and lockfiles: which frameworks a service is built on, the
// version range it declares and, when a lockfile pins it, the version it resolves to.
import { XMLParser } from 'fast-xml-parser';
import { parse as parseToml } from 'smol-toml';
import { isObject, type Json } from '../lib/json.ts';
import { parseManifestDocuments } from '../lib/manifest-yaml.ts';

export interface FrameworkUse {
	/** Display name, e.g. "Spring Boot". */
	name: string;
	/** Package that carries it, e.g. "org.springframework.boot". */
	package: string;
	ecosystem: 'npm' | 'go' | 'maven' | 'nuget' | 'pypi' | 'rubygems' | 'cargo' | 'packagist' | 'hex' | 'runtime';
	/** Range or version as declared in the manifest, or null. */
	declared: string | null;
	/** Exact version from a lockfile, or null. */
	resolved: string | null;
	file: string;
	/** The lockfile `resolved` comes from (the evidence for it), or null when the manifest pins it or nothing does. */
	lockfile: string | null;
}

/** Packages that identify a framework, per ecosystem. Runtimes (Node.js, Go, .NET) are read separately. */
export const KNOWN_FRAMEWORKS: Readonly<Record<FrameworkUse['ecosystem'], Readonly<Record<string, string>>>> = {
	npm: { express: 'Express', fastify: 'Fastify', koa: 'Koa', '@nestjs/core': 'NestJS', next: 'Next.js', react: 'React', vue: 'Vue', '@angular/core': 'Angular', nuxt: 'Nuxt', '@hapi/hapi': 'hapi', 'svelte': 'Svelte' },
	go: { 'github.com/gin-gonic/gin': 'Gin', 'github.com/labstack/echo/v4': 'Echo', 'github.com/gofiber/fiber/v2': 'Fiber', 'github.com/go-chi/chi/v5': 'chi', 'google.golang.org/grpc': 'gRPC-Go' },
	maven: { 'org.springframework.boot': 'Spring Boot', 'io.quarkus': 'Quarkus', 'io.micronaut': 'Micronaut' },
	nuget: {},
	pypi: { django: 'Django', flask: 'Flask', fastapi: 'FastAPI', tornado: 'Tornado' },
	rubygems: { rails: 'Rails', sinatra: 'Sinatra' },
	cargo: { 'actix-web': 'Actix Web', axum: 'axum', rocket: 'Rocket', tokio: 'Tokio' },
	packagist: { 'laravel/framework': 'Laravel', 'symfony/framework-bundle': 'Symfony' },
	hex: { phoenix: 'Phoenix' },
	runtime: {},
};

type Reader = (file: string, text: string) => FrameworkUse[];

/** The reader for a manifest file name, or null. Lockfiles are read by `resolveFromLockfile`. */
export function manifestReader(fileName: string): Reader | null {
	if (fileName === 'package.json') return readPackageJson;
	if (fileName === 'go.mod') return readGoMod;
	if (fileName === 'pom.xml') return readPom;
	if (fileName === 'build.gradle' || fileName === 'build.gradle.kts') return readGradle;
	if (fileName.endsWith('.csproj')) return readCsproj;
	if (fileName === 'pyproject.toml') return readPyproject;
	if (fileName === 'requirements.txt') return readRequirements;
	if (fileName === 'Gemfile') return readGemfile;
	if (fileName === 'Cargo.toml') return readCargo;
	if (fileName === 'composer.json') return readComposer;
	if (fileName === 'mix.exs') return readMix;
	return null;
}

function use(ecosystem: FrameworkUse['ecosystem'], pkg: string, declared: string | null, file: string, name?: string): FrameworkUse | null {
	const display = name ?? KNOWN_FRAMEWORKS[ecosystem][pkg];
	return display === undefined ? null : { name: display, package: pkg, ecosystem, declared, resolved: null, file, lockfile: null };
}

function present<T>(items: readonly (T | null)[]): T[] {
	return items.filter((item): item is T => item !== null);
}

export function readPackageJson(file: string, text: string): FrameworkUse[] {
	const manifest = JSON.parse(text) as Json;
	const dependencies = { ...(isObject(manifest.devDependencies) ? manifest.devDependencies : {}), ...(isObject(manifest.dependencies) ? manifest.dependencies : {}) };
	const found = present(Object.entries(dependencies).map(([pkg, range]) => use('npm', pkg, typeof range === 'string' ? range : null, file)));
	const engines = isObject(manifest.engines) ? manifest.engines : {};
	if (typeof engines.node === 'string') found.push({ name: 'Node.js', package: 'node', ecosystem: 'runtime', declared: engines.node, resolved: null, file, lockfile: null });
	return found;
}

export function readGoMod(file: string, text: string): FrameworkUse[] {
	const found: FrameworkUse[] = [];
	const goVersion = /^go\s+(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(text)?.[1];
	const toolchain = /^toolchain\s+go(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(text)?.[1];
	if (goVersion !== undefined) found.push({ name: 'Go', package: 'go', ecosystem: 'runtime', declared: goVersion, resolved: toolchain ?? null, file, lockfile: null });
	// Go modules pin exact versions in go.mod itself (minimal version selection).
	for (const [, pkg, version] of text.matchAll(/^\s*(?:require\s+)?([\w.-]+\.[\w.-]+\/[\w./-]+)\s+(v[\w.+-]+)/gm)) {
		const framework = use('go', pkg!, version!, file);
		if (framework !== null) found.push({ ...framework, resolved: version!.replace(/^v/, '') });
	}
	return found;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

export function readPom(file: string, text: string): FrameworkUse[] {
	const project = (xml.parse(text) as Json).project;
	if (!isObject(project)) return [];
	const found: FrameworkUse[] = [];
	const parent = isObject(project.parent) ? project.parent : {};
	if (typeof parent.groupId === 'string' && typeof parent.version === 'string') {
		const framework = use('maven', parent.groupId, parent.version, file);
		if (framework !== null) found.push({ ...framework, resolved: parent.version });
	}
	const dependencies = isObject(project.dependencies) ? [project.dependencies.dependency].flat() : [];
	for (const dependency of dependencies.filter(isObject)) {
		if (typeof dependency.groupId !== 'string' || found.some((entry) => entry.package === dependency.groupId)) continue;
		const version = typeof dependency.version === 'string' && !dependency.version.includes('${') ? dependency.version : null;
		const framework = use('maven', dependency.groupId, version, file);
		if (framework !== null) found.push({ ...framework, resolved: version });
	}
	return found;
}

export function readGradle(file: string, text: string): FrameworkUse[] {
	const plugin = /id\s*\(?\s*['"]org\.springframework\.boot['"]\s*\)?\s*version\s*['"]([^'"]+)['"]/.exec(text)?.[1];
	if (plugin !== undefined) return present([use('maven', 'org.springframework.boot', plugin, file)]).map((entry) => ({ ...entry, resolved: plugin }));
	const dependency = /['"]org\.springframework\.boot:spring-boot[\w-]*:([\d.]+)['"]/.exec(text)?.[1];
	return dependency === undefined ? [] : present([use('maven', 'org.springframework.boot', dependency, file)]).map((entry) => ({ ...entry, resolved: dependency }));
}

export function readCsproj(file: string, text: string): FrameworkUse[] {
	const root = (xml.parse(text) as Json).Project;
	if (!isObject(root)) return [];
	const groups = [root.PropertyGroup].flat().filter(isObject);
	const target = groups.map((group) => group.TargetFramework ?? group.TargetFrameworks).find((value): value is string => typeof value === 'string');
	if (target === undefined) return [];
	const version = /^net(?:coreapp)?(\d+\.\d+)/.exec(target.split(';')[0]!)?.[1] ?? null;
	const name = typeof root['@Sdk'] === 'string' && root['@Sdk'].includes('Web') ? 'ASP.NET Core' : '.NET';
	return [{ name, package: 'dotnet', ecosystem: 'runtime', declared: target, resolved: version, file, lockfile: null }];
}

export function readPyproject(file: string, text: string): FrameworkUse[] {
	const toml = parseToml(text) as Json;
	const project = isObject(toml.project) ? toml.project : {};
	const requirements = Array.isArray(project.dependencies) ? project.dependencies.filter((entry): entry is string => typeof entry === 'string') : [];
	const found = present(requirements.map((requirement) => fromRequirement(requirement, file)));
	const poetry = isObject(toml.tool) && isObject(toml.tool.poetry) && isObject(toml.tool.poetry.dependencies) ? toml.tool.poetry.dependencies : {};
	for (const [pkg, spec] of Object.entries(poetry)) {
		const framework = use('pypi', pkg.toLowerCase(), typeof spec === 'string' ? spec : isObject(spec) && typeof spec.version === 'string' ? spec.version : null, file);
		if (framework !== null && !found.some((entry) => entry.package === framework.package)) found.push(framework);
	}
	return found;
}

export function readRequirements(file: string, text: string): FrameworkUse[] {
	return present(text.split(/\r?\n/).map((line) => line.replace(/#.*/, '').trim()).filter(Boolean).map((line) => fromRequirement(line, file)));
}

function fromRequirement(requirement: string, file: string): FrameworkUse | null {
	const match = /^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*([<>=!~].*)?$/.exec(requirement.split(';')[0]!.trim());
	if (match === null) return null;
	const declared = match[2]?.trim() ?? null;
	const framework = use('pypi', match[1]!.toLowerCase(), declared, file);
	const exact = declared === null ? null : /^===?\s*([\w.]+)$/.exec(declared)?.[1] ?? null;
	return framework === null ? null : { ...framework, resolved: exact };
}

export function readGemfile(file: string, text: string): FrameworkUse[] {
	return present([...text.matchAll(/^\s*gem\s+["']([\w-]+)["'](?:\s*,\s*["']([^"']+)["'])?/gm)].map(([, pkg, version]) => use('rubygems', pkg!, version ?? null, file)));
}

export function readCargo(file: string, text: string): FrameworkUse[] {
	const toml = parseToml(text) as Json;
	const dependencies = isObject(toml.dependencies) ? toml.dependencies : {};
	return present(Object.entries(dependencies).map(([pkg, spec]) => use('cargo', pkg, typeof spec === 'string' ? spec : isObject(spec) && typeof spec.version === 'string' ? spec.version : null, file)));
}

export function readComposer(file: string, text: string): FrameworkUse[] {
	const manifest = JSON.parse(text) as Json;
	const required = isObject(manifest.require) ? manifest.require : {};
	const found = present(Object.entries(required).map(([pkg, range]) => use('packagist', pkg, typeof range === 'string' ? range : null, file)));
	if (typeof required.php === 'string') found.push({ name: 'PHP', package: 'php', ecosystem: 'runtime', declared: required.php, resolved: null, file, lockfile: null });
	return found;
}

export function readMix(file: string, text: string): FrameworkUse[] {
	return present([...text.matchAll(/\{\s*:(\w+)\s*,\s*"([^"]+)"/g)].map(([, pkg, version]) => use('hex', pkg!, version!, file)));
}

/** Lockfile names per ecosystem, looked for next to the manifest. */
export const LOCKFILES: Readonly<Partial<Record<FrameworkUse['ecosystem'], readonly string[]>>> = {
	npm: ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'],
	rubygems: ['Gemfile.lock'],
	cargo: ['Cargo.lock'],
	packagist: ['composer.lock'],
	hex: ['mix.lock'],
	pypi: ['poetry.lock'],
};

/**
 * The exact version a lockfile pins for `pkg`, or null. `importer` is the manifest's directory
 * relative to the lockfile's (pnpm workspaces list each package under `importers`); `declared` is
 * the manifest's range, which picks the right entry when a yarn.lock holds several versions.
 */
export function resolveFromLockfile(lockfile: string, text: string, pkg: string, importer = '.', declared: string | null = null): string | null {
	if (lockfile === 'pnpm-lock.yaml') return pnpmVersion(text, pkg, importer);
	if (lockfile === 'yarn.lock') return yarnVersion(text, pkg, declared);
	if (lockfile === 'package-lock.json') {
		const lock = JSON.parse(text) as Json;
		const packages = isObject(lock.packages) ? lock.packages : {};
		const entry = packages[`node_modules/${pkg}`];
		if (isObject(entry) && typeof entry.version === 'string') return entry.version;
		const legacy = isObject(lock.dependencies) ? lock.dependencies[pkg] : undefined;
		return isObject(legacy) && typeof legacy.version === 'string' ? legacy.version : null;
	}
	if (lockfile === 'Gemfile.lock') return new RegExp(`^ {4}${escape(pkg)} \\(([^)]+)\\)`, 'm').exec(text)?.[1] ?? null;
	if (lockfile === 'Cargo.lock' || lockfile === 'poetry.lock') {
		// Both are TOML with a `[[package]]` table per locked package; poetry normalises names (PEP 503).
		const normal = (name: string) => (lockfile === 'poetry.lock' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name);
		const packages = (parseToml(text) as Json).package;
		const found = (Array.isArray(packages) ? (packages as unknown[]) : []).filter(isObject).find((entry) => typeof entry.name === 'string' && normal(entry.name) === normal(pkg));
		return typeof found?.version === 'string' ? found.version : null;
	}
	if (lockfile === 'composer.lock') {
		const lock = JSON.parse(text) as Json;
		const found = (Array.isArray(lock.packages) ? lock.packages : []).filter(isObject).find((entry) => entry.name === pkg);
		return typeof found?.version === 'string' ? found.version.replace(/^v/, '') : null;
	}
	if (lockfile === 'mix.lock') return new RegExp(`"${escape(pkg)}": \\{:hex, :${escape(pkg)}, "([^"]+)"`).exec(text)?.[1] ?? null;
	return null;
}

/** pnpm-lock.yaml v5 to v9: the importer's dependencies, else the top-level ones, else the packages map. */
function pnpmVersion(text: string, pkg: string, importer: string): string | null {
	const { documents } = parseManifestDocuments(text);
	const lock = documents[0]?.value;
	if (!isObject(lock)) return null;
	// `4.18.2(supports-color@8.1.1)` carries peers after the version; `link:` and `file:` pin nothing.
	const clean = (value: unknown): string | null => {
		const version = isObject(value) ? value.version : value;
		if (typeof version !== 'string' || /^(link|file|workspace):/.test(version)) return null;
		return version.replace(/\(.*$/, '').replace(/^\//, '') || null;
	};
	const fromSection = (section: unknown) => {
		if (!isObject(section)) return null;
		for (const kind of ['dependencies', 'devDependencies', 'optionalDependencies']) {
			const dependencies = section[kind];
			if (isObject(dependencies) && dependencies[pkg] !== undefined) return clean(dependencies[pkg]);
		}
		return null;
	};
	const importers = isObject(lock.importers) ? lock.importers : null;
	const fromImporter = importers === null ? fromSection(lock) : fromSection(importers[importer === '' ? '.' : importer]);
	if (fromImporter !== null) return fromImporter;
	// v9 `express@4.18.2`, v6 `/express@4.18.2`, v5 `/express/4.18.2`.
	const keys = Object.keys(isObject(lock.packages) ? lock.packages : {});
	const prefix = new RegExp(`^/?${escape(pkg)}[@/]([0-9][^(/]*)`);
	for (const key of keys.sort()) {
		const match = prefix.exec(key);
		if (match !== null) return match[1]!;
	}
	return null;
}

/**
 * yarn.lock, classic (`express@^4.18.0, express@^4.17.1:` + `  version "4.18.2"`) and Berry
 * (`"express@npm:^4.18.0":` + `  version: 4.18.2`). With several entries for a package, the one
 * whose specifiers include the declared range wins.
 */
function yarnVersion(text: string, pkg: string, declared: string | null): string | null {
	let best: string | null = null;
	for (const block of text.split(/\r?\n(?=\S)/)) {
		const [header = '', ...body] = block.split(/\r?\n/);
		if (header.startsWith('#') || !header.trimEnd().endsWith(':')) continue;
		const specifiers = header.trimEnd().slice(0, -1).split(',').map((specifier) => specifier.trim().replace(/^"|"$/g, ''));
		const ranges = specifiers.map((specifier) => /^(@?[^@]+)@(?:npm:)?(.*)$/.exec(specifier)).filter((match) => match !== null && match[1] === pkg).map((match) => match![2]!);
		if (ranges.length === 0) continue;
		const version = body.map((line) => /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(line)?.[1]).find((value) => value !== undefined) ?? null;
		if (version === null) continue;
		if (declared !== null && ranges.includes(declared)) return version;
		best ??= version;
	}
	return best;
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Every dependency a manifest declares, as its ecosystem names them (for checks such as "uses an ECS logging library"). */
export function declaredPackages(fileName: string, text: string): string[] {
	if (fileName === 'package.json' || fileName === 'composer.json') {
		const manifest = JSON.parse(text) as Json;
		const keys = fileName === 'package.json' ? ['dependencies', 'devDependencies'] : ['require', 'require-dev'];
		return keys.flatMap((key) => (isObject(manifest[key]) ? Object.keys(manifest[key]) : []));
	}
	if (fileName === 'go.mod') return [...text.matchAll(/^\s*(?:require\s+)?([\w.-]+\.[\w.-]+\/[\w./-]+)\s+v[\w.+-]+/gm)].map((match) => match[1]!);
	if (fileName === 'pom.xml') {
		const project = (xml.parse(text) as Json).project;
		const dependencies = isObject(project) && isObject(project.dependencies) ? [project.dependencies.dependency].flat().filter(isObject) : [];
		return dependencies.filter((dependency) => typeof dependency.groupId === 'string' && typeof dependency.artifactId === 'string').map((dependency) => `${dependency.groupId}:${dependency.artifactId}`);
	}
	if (fileName === 'build.gradle' || fileName === 'build.gradle.kts') return [...text.matchAll(/['"]([\w.-]+:[\w.-]+)(?::[^'"]*)?['"]/g)].map((match) => match[1]!);
	if (fileName.endsWith('.csproj')) return [...text.matchAll(/<PackageReference\s+Include="([^"]+)"/g)].map((match) => match[1]!);
	if (fileName === 'requirements.txt') return text.split(/\r?\n/).map((line) => /^([A-Za-z0-9_.-]+)/.exec(line.replace(/#.*/, '').trim())?.[1]).filter((name): name is string => name !== undefined);
	if (fileName === 'pyproject.toml') {
		const toml = parseToml(text) as Json;
		const project = isObject(toml.project) && Array.isArray(toml.project.dependencies) ? toml.project.dependencies : [];
		const poetry = isObject(toml.tool) && isObject(toml.tool.poetry) && isObject(toml.tool.poetry.dependencies) ? Object.keys(toml.tool.poetry.dependencies) : [];
		return [...project.filter((entry): entry is string => typeof entry === 'string').map((entry) => /^([A-Za-z0-9_.-]+)/.exec(entry)?.[1] ?? entry), ...poetry.filter((name) => name !== 'python')];
	}
	if (fileName === 'Gemfile') return [...text.matchAll(/^\s*gem\s+["']([\w-]+)["']/gm)].map((match) => match[1]!);
	if (fileName === 'Cargo.toml') {
		const toml = parseToml(text) as Json;
		return isObject(toml.dependencies) ? Object.keys(toml.dependencies) : [];
	}
	if (fileName === 'mix.exs') return [...text.matchAll(/\{\s*:(\w+)\s*,/g)].map((match) => match[1]!);
	return [];
}

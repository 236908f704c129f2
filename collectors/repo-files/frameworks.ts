// Pure readers of package manifests and lockfiles: which frameworks a service is built on, the
// version range it declares and, when a lockfile pins it, the version it resolves to.
import { XMLParser } from 'fast-xml-parser';
import { parse as parseToml } from 'smol-toml';
import { isObject, type Json } from '../lib/json.ts';

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
	return display === undefined ? null : { name: display, package: pkg, ecosystem, declared, resolved: null, file };
}

function present<T>(items: readonly (T | null)[]): T[] {
	return items.filter((item): item is T => item !== null);
}

export function readPackageJson(file: string, text: string): FrameworkUse[] {
	const manifest = JSON.parse(text) as Json;
	const dependencies = { ...(isObject(manifest.devDependencies) ? manifest.devDependencies : {}), ...(isObject(manifest.dependencies) ? manifest.dependencies : {}) };
	const found = present(Object.entries(dependencies).map(([pkg, range]) => use('npm', pkg, typeof range === 'string' ? range : null, file)));
	const engines = isObject(manifest.engines) ? manifest.engines : {};
	if (typeof engines.node === 'string') found.push({ name: 'Node.js', package: 'node', ecosystem: 'runtime', declared: engines.node, resolved: null, file });
	return found;
}

export function readGoMod(file: string, text: string): FrameworkUse[] {
	const found: FrameworkUse[] = [];
	const goVersion = /^go\s+(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(text)?.[1];
	const toolchain = /^toolchain\s+go(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(text)?.[1];
	if (goVersion !== undefined) found.push({ name: 'Go', package: 'go', ecosystem: 'runtime', declared: goVersion, resolved: toolchain ?? null, file });
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
	return [{ name, package: 'dotnet', ecosystem: 'runtime', declared: target, resolved: version, file }];
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
	if (typeof required.php === 'string') found.push({ name: 'PHP', package: 'php', ecosystem: 'runtime', declared: required.php, resolved: null, file });
	return found;
}

export function readMix(file: string, text: string): FrameworkUse[] {
	return present([...text.matchAll(/\{\s*:(\w+)\s*,\s*"([^"]+)"/g)].map(([, pkg, version]) => use('hex', pkg!, version!, file)));
}

/** Lockfile names per ecosystem, looked for next to the manifest. */
export const LOCKFILES: Readonly<Partial<Record<FrameworkUse['ecosystem'], readonly string[]>>> = {
	npm: ['package-lock.json'],
	rubygems: ['Gemfile.lock'],
	cargo: ['Cargo.lock'],
	packagist: ['composer.lock'],
	hex: ['mix.lock'],
	pypi: ['poetry.lock'],
};

/** The exact version a lockfile pins for `pkg`, or null. */
export function resolveFromLockfile(lockfile: string, text: string, pkg: string): string | null {
	if (lockfile === 'package-lock.json') {
		const lock = JSON.parse(text) as Json;
		const packages = isObject(lock.packages) ? lock.packages : {};
		const entry = packages[`node_modules/${pkg}`];
		if (isObject(entry) && typeof entry.version === 'string') return entry.version;
		const legacy = isObject(lock.dependencies) ? lock.dependencies[pkg] : undefined;
		return isObject(legacy) && typeof legacy.version === 'string' ? legacy.version : null;
	}
	if (lockfile === 'Gemfile.lock') return new RegExp(`^ {4}${escape(pkg)} \\(([^)]+)\\)`, 'm').exec(text)?.[1] ?? null;
	if (lockfile === 'Cargo.lock' || lockfile === 'poetry.lock') return new RegExp(`name = "${escape(pkg)}"\\s*\\nversion = "([^"]+)"`, 'i').exec(text)?.[1] ?? null;
	if (lockfile === 'composer.lock') {
		const lock = JSON.parse(text) as Json;
		const found = (Array.isArray(lock.packages) ? lock.packages : []).filter(isObject).find((entry) => entry.name === pkg);
		return typeof found?.version === 'string' ? found.version.replace(/^v/, '') : null;
	}
	if (lockfile === 'mix.lock') return new RegExp(`"${escape(pkg)}": \\{:hex, :${escape(pkg)}, "([^"]+)"`).exec(text)?.[1] ?? null;
	return null;
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

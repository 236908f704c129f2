import { describe, expect, it } from 'vitest';
import { manifestReader, resolveFromLockfile } from '../../collectors/repo-files/frameworks.ts';

function read(fileName: string, text: string) {
	return manifestReader(fileName)!(`svc/${fileName}`, text).map(({ name, declared, resolved }) => ({ name, declared, resolved }));
}

describe('frameworks from manifests', () => {
	it.each<[string, string, { name: string; declared: string | null; resolved: string | null }[]]>([
		['package.json', '{ "dependencies": { "express": "^4.19.2", "lodash": "^4" }, "devDependencies": { "vitest": "^2" }, "engines": { "node": ">=20" } }', [{ name: 'Express', declared: '^4.19.2', resolved: null }, { name: 'Node.js', declared: '>=20', resolved: null }]],
		['go.mod', 'module x\n\ngo 1.22.3\n\ntoolchain go1.22.5\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/stretchr/testify v1.9.0\n)\n', [{ name: 'Go', declared: '1.22.3', resolved: '1.22.5' }, { name: 'Gin', declared: 'v1.10.0', resolved: '1.10.0' }]],
		['pom.xml', '<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.1</version></parent></project>', [{ name: 'Spring Boot', declared: '3.3.1', resolved: '3.3.1' }]],
		['build.gradle', "plugins {\n  id 'org.springframework.boot' version '3.2.5'\n}\n", [{ name: 'Spring Boot', declared: '3.2.5', resolved: '3.2.5' }]],
		['build.gradle.kts', 'plugins {\n  id("org.springframework.boot") version "3.1.0"\n}\n', [{ name: 'Spring Boot', declared: '3.1.0', resolved: '3.1.0' }]],
		['Api.csproj', '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>', [{ name: 'ASP.NET Core', declared: 'net8.0', resolved: '8.0' }]],
		['Worker.csproj', '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup><PropertyGroup><TargetFramework>netcoreapp3.1</TargetFramework></PropertyGroup></Project>', [{ name: '.NET', declared: 'netcoreapp3.1', resolved: '3.1' }]],
		['pyproject.toml', '[project]\nname = "x"\ndependencies = ["Django>=5.0,<6", "requests"]\n', [{ name: 'Django', declared: '>=5.0,<6', resolved: null }]],
		['pyproject.toml', '[tool.poetry.dependencies]\npython = "^3.12"\nfastapi = "^0.111"\n', [{ name: 'FastAPI', declared: '^0.111', resolved: null }]],
		['requirements.txt', '# web\nflask==3.0.3  # pinned\nredis>=5\n', [{ name: 'Flask', declared: '==3.0.3', resolved: '3.0.3' }]],
		['Gemfile', 'source "https://rubygems.org"\ngem "rails", "~> 7.1.3"\ngem "puma"\n', [{ name: 'Rails', declared: '~> 7.1.3', resolved: null }]],
		['Cargo.toml', '[package]\nname = "x"\n\n[dependencies]\naxum = "0.7"\ntokio = { version = "1.38", features = ["full"] }\n', [{ name: 'axum', declared: '0.7', resolved: null }, { name: 'Tokio', declared: '1.38', resolved: null }]],
		['composer.json', '{ "require": { "php": "^8.2", "laravel/framework": "^11.0" } }', [{ name: 'Laravel', declared: '^11.0', resolved: null }, { name: 'PHP', declared: '^8.2', resolved: null }]],
		['mix.exs', 'defp deps do\n  [{:phoenix, "~> 1.7.12"}, {:jason, "~> 1.2"}]\nend\n', [{ name: 'Phoenix', declared: '~> 1.7.12', resolved: null }]],
	])('%s', (fileName, text, expected) => {
		expect(read(fileName, text)).toEqual(expected);
	});

	it('throws on a malformed manifest so the collector can report it', () => {
		expect(() => manifestReader('package.json')!('svc/package.json', '{ nope')).toThrow();
	});
});

describe('resolveFromLockfile', () => {
	it.each<[string, string, string, string | null]>([
		['package-lock.json', '{ "lockfileVersion": 3, "packages": { "node_modules/express": { "version": "4.19.2" } } }', 'express', '4.19.2'],
		['package-lock.json', '{ "lockfileVersion": 1, "dependencies": { "express": { "version": "4.17.1" } } }', 'express', '4.17.1'],
		['Gemfile.lock', 'GEM\n  specs:\n    rails (7.1.3)\n      actioncable (= 7.1.3)\n', 'rails', '7.1.3'],
		['Cargo.lock', '[[package]]\nname = "axum"\nversion = "0.7.5"\n', 'axum', '0.7.5'],
		['composer.lock', '{ "packages": [ { "name": "laravel/framework", "version": "v11.9.2" } ] }', 'laravel/framework', '11.9.2'],
		['mix.lock', '%{\n  "phoenix": {:hex, :phoenix, "1.7.12", "abc", [:mix], [], "hexpm", "def"},\n}\n', 'phoenix', '1.7.12'],
		['package-lock.json', '{ "packages": {} }', 'express', null],
	])('%s → %s', (lockfile, text, pkg, version) => {
		expect(resolveFromLockfile(lockfile, text, pkg)).toBe(version);
	});
});

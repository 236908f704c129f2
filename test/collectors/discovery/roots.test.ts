// Root selection, id derivation and the readers behind them, one row per rule.
import { describe, expect, it } from 'vitest';
import { isAspireAppHostProject, parseAppHost, projectReferences } from '../../../collectors/discovery/aspire.ts';
import { readDockerfileBuild } from '../../../collectors/discovery/dockerfiles.ts';
import { buildRoot, directoriesOf, entryDirectory, notAService, type BuildSpec } from '../../../collectors/discovery/roots.ts';
import { interpolate, parseCompose, parseDotEnv, parseTiltfile, selectedProgram } from '../../../collectors/discovery/signals.ts';
import { toId } from '../../../collectors/lib/names.ts';

const files = [
	'go.mod',
	'Dockerfile',
	'cmd/geo/main.go',
	'cmd/profile/main.go',
	'services/search/server.go',
	'src/payments/Dockerfile',
	'src/payments/package.json',
	'src/cart/src/Dockerfile',
	'src/cart/src/cart.csproj',
	'apps/web/index.ts',
	'Dockerfile.billing',
	'billing/pyproject.toml',
	'billing/app.py',
	'shared/pyproject.toml',
	'tools/run.py',
];
const directories = directoriesOf(files);
const manifests = directoriesOf(files.filter((file) => /go\.mod|package\.json|\.csproj|pyproject\.toml/.test(file)));

describe('buildRoot', () => {
	it.each<[string, BuildSpec, string[], string]>([
		['a Compose build from the root with its own Dockerfile is rooted at the Dockerfile', { context: '.', dockerfile: 'src/payments/Dockerfile', program: null, sharedBy: 1 }, [], 'src/payments'],
		['a Dockerfile in the code’s src/ belongs to the code’s directory', { context: '.', dockerfile: 'src/cart/src/Dockerfile', program: null, sharedBy: 1 }, [], 'src/cart'],
		['a build of its own directory is that directory', { context: 'src/payments', dockerfile: null, program: null, sharedBy: 1 }, [], 'src/payments'],
		['one image shared by services: the program under cmd/', { context: '.', dockerfile: null, program: './geo', sharedBy: 3 }, [], 'cmd/geo'],
		['one image shared: the program under services/', { context: '.', dockerfile: null, program: '/go/bin/search', sharedBy: 3 }, [], 'services/search'],
		['one image shared: the program under apps/, with an extension', { context: '.', dockerfile: null, program: 'web.js', sharedBy: 2 }, [], 'apps/web'],
		['one image shared: a program given by its path', { context: '.', dockerfile: null, program: 'tools/run.py', sharedBy: 2 }, [], 'tools'],
		['one image shared, a program with no directory: the shared directory', { context: '.', dockerfile: null, program: 'gunicorn', sharedBy: 2 }, [], '.'],
		['a program alone does not move a service that does not share its image', { context: 'src/payments', dockerfile: null, program: './geo', sharedBy: 1 }, [], 'src/payments'],
		['a root Dockerfile that copies one directory with a manifest is rooted there', { context: '.', dockerfile: 'Dockerfile.billing', program: null, sharedBy: 1 }, ['billing/', 'requirements.lock'], 'billing'],
		['a root Dockerfile that copies two such directories stays at the root', { context: '.', dockerfile: 'Dockerfile.billing', program: null, sharedBy: 1 }, ['billing/', 'shared/'], '.'],
		['a root Dockerfile that copies everything stays at the root', { context: '.', dockerfile: 'Dockerfile', program: null, sharedBy: 1 }, ['.'], '.'],
	])('%s', (_rule, build, copies, expected) => {
		expect(buildRoot(build, directories, copies, manifests).root).toBe(expected);
	});

	it('finds no entry directory for a program that has none', () => {
		expect(entryDirectory('.', './unknown', directories)).toBeNull();
	});
});

describe('notAService', () => {
	it.each<[string, Parameters<typeof notAService>[0], RegExp | null]>([
		['generated code', { root: 'src/checkout/genproto' }, /generated code/],
		['a test suite directory', { root: 'test/e2e' }, /test suite/],
		['examples', { root: 'examples/quickstart' }, /examples/],
		['documentation', { root: 'docs' }, /documentation/],
		['a test image beside a service', { root: 'src/frontend', dockerfile: 'src/frontend/Dockerfile.cypress' }, /test image/],
		['a service of a tests Compose file', { root: 'src/frontend', composeFile: 'compose.tests.yaml' }, /test service/],
		['a Compose service named for tests', { root: 'src/frontend', name: 'frontendTests' }, /test service/],
		['a service whose name merely contains "test" letters', { root: 'services/attestation', name: 'attestation' }, null],
		['a directory named like docs but longer', { root: 'src/telemetry-docs' }, null],
		['a test suite named with a suffix', { root: 'production/helm/loki/src/helm-test' }, /test suite/],
		['a development environment', { root: 'tools/dev/loki-tsdb-storage-s3' }, /development environment/],
		['a development image', { root: 'services/api', dockerfile: 'services/api/Dockerfile.dev' }, /development image/],
		['a development image, lower case', { root: 'tools/stack', dockerfile: 'tools/stack/dev.dockerfile' }, /development image/],
		['a service called devices', { root: 'services/devices', dockerfile: 'services/devices/Dockerfile' }, null],
		['a plain service', { root: 'services/api', dockerfile: 'services/api/Dockerfile' }, null],
	])('%s', (_case, input, expected) => {
		const reason = notAService(input);
		if (expected === null) expect(reason).toBeNull();
		else expect(reason).toMatch(expected);
	});
});

describe('ids are the names people use', () => {
	it.each<[string, string]>([
		['Catalog.API', 'catalog-api'],
		['catalog-api', 'catalog-api'],
		['PaymentsAPI', 'payments-api'],
		['frontend_proxy', 'frontend-proxy'],
		['SocialGraphService', 'social-graph-service'],
		['traceBasedTests', 'trace-based-tests'],
	])('%s → %s', (name, id) => {
		expect(toId(name)).toBe(id);
	});
});

describe('Compose programs and interpolation', () => {
	it.each<[unknown, string | null]>([
		['./geo', './geo'],
		[['/go/bin/geo', '-port', '8083'], '/go/bin/geo'],
		['python services/geo/main.py', 'services/geo/main.py'],
		['sh -c ./run.sh', './run.sh'],
		['npm run start', 'start'],
		['${BINARY}', null],
		[undefined, null],
	])('selectedProgram(%j) = %j', (command, program) => {
		expect(selectedProgram(command)).toBe(program);
	});

	it.each<[string, string]>([
		['${AD_DOCKERFILE}', './src/ad/Dockerfile'],
		['${MISSING:-./Dockerfile}', './Dockerfile'],
		['${EMPTY:-fallback}', 'fallback'],
		['${EMPTY-kept}', ''],
		['$IMAGE_NAME:$VERSION-ad', 'ghcr.io/acme/shop:2.1-ad'],
		['${UNKNOWN}', ''],
	])('interpolate(%s)', (value, expected) => {
		expect(interpolate(value, { AD_DOCKERFILE: './src/ad/Dockerfile', IMAGE_NAME: 'ghcr.io/acme/shop', VERSION: '2.1', EMPTY: '' })).toBe(expected);
	});

	it('reads .env values, but drops keys that name a secret', () => {
		expect(parseDotEnv('# comment\nAD_DOCKERFILE=./src/ad/Dockerfile\nexport NAME="quoted value"\nDB_PASSWORD=hunter2\nGITHUB_TOKEN=ghp_x\nBROKEN LINE\n')).toEqual({ AD_DOCKERFILE: './src/ad/Dockerfile', NAME: 'quoted value' });
	});

	it('resolves a Dockerfile named through .env against the build context', () => {
		const { items } = parseCompose('deploy/compose.yaml', 'services:\n  ad:\n    build:\n      context: ..\n      dockerfile: ${AD_DOCKERFILE}\n    entrypoint: ["./ad"]\n', { AD_DOCKERFILE: 'src/ad/Dockerfile' });
		expect(items[0]).toMatchObject({ buildContext: '.', dockerfile: 'src/ad/Dockerfile', entrypoint: './ad' });
	});

	it('reads Tilt docker_build calls without running the Tiltfile', () => {
		const { items } = parseTiltfile('Tiltfile', "load('ext://restart_process', 'docker_build_with_restart')\ndocker_build('acme/api', 'services/api')\ndocker_build(ref='acme/web', context='.', dockerfile='web/Dockerfile.dev')\n");
		expect(items).toEqual([
			{ image: 'acme/api', context: 'services/api', dockerfile: null, line: 2 },
			{ image: 'acme/web', context: '.', dockerfile: 'web/Dockerfile.dev', line: 3 },
		]);
	});
});

describe('Dockerfiles', () => {
	it('lists external base images (not earlier stages) and sources copied from the context', () => {
		const build = readDockerfileBuild('ARG GO=1.23\nFROM golang:${GO} AS build\nCOPY go.mod go.sum ./\nCOPY --chown=app ./services/api/ ./\nFROM build AS test\nFROM --platform=$BUILDPLATFORM gcr.io/distroless/static\nCOPY --from=build /api /api\nADD https://example.com/x.tgz /x\nCOPY ["web/dist", "/srv"]\n');
		expect(build).toEqual({ baseImages: ['golang:1.23', 'gcr.io/distroless/static'], copies: ['go.mod', 'go.sum', './services/api/', 'web/dist'] });
	});
});

describe('.NET Aspire AppHosts', () => {
	it.each<[string, boolean]>([
		['<Project Sdk="Microsoft.NET.Sdk">\n  <Sdk Name="Aspire.AppHost.Sdk" Version="9.1.0" />\n</Project>', true],
		['<Project Sdk="Aspire.AppHost.Sdk/13.0.0">\n</Project>', true],
		['<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><IsAspireHost>true</IsAspireHost></PropertyGroup></Project>', true],
		['<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="Aspire.StackExchange.Redis" /></ItemGroup></Project>', false],
	])('recognises an AppHost project (%#)', (text, expected) => {
		expect(isAspireAppHostProject(text)).toBe(expected);
	});

	it('maps Projects.* type names to the referenced directories', () => {
		const references = projectReferences('src/Shop.AppHost/Shop.AppHost.csproj', '<ProjectReference Include="..\\Catalog.API\\Catalog.API.csproj" />\n<ProjectReference Include="..\\..\\..\\outside\\X.csproj" />\n<ProjectReference Include="../Order-Processor/Order-Processor.csproj" />');
		expect([...references]).toEqual([
			['Catalog_API', 'src/Catalog.API'],
			['Order_Processor', 'src/Order-Processor'],
		]);
	});

	it('reads resources, their directories and references to other resources; ignores comments and typed infrastructure (AddRedis)', () => {
		const source = [
			'var builder = DistributedApplication.CreateBuilder(args);',
			'var cache = builder.AddRedis("cache");',
			'// builder.AddProject<Projects.Old_API>("old-api");',
			'var api = builder.AddProject<Projects.Catalog_API>("catalog-api").WithReference(cache);',
			'var web = builder.AddNpmApp("web", "../Web", "dev");',
			'web.WithReference(api).WithEnvironment("URL", "http://localhost//x");',
			'builder.AddDockerfile("legacy", "../../legacy/billing");',
			'builder.AddYarp("gateway");',
			'builder.AddContainer("mail", "axllent/mailpit");',
		].join('\n');
		const resources = parseAppHost(source, 'src/AppHost', new Map([['Catalog_API', 'src/Catalog.API']]));
		expect(resources.map(({ name, method, directory, references, line }) => ({ name, method, directory, references, line }))).toEqual([
			{ name: 'catalog-api', method: 'AddProject', directory: 'src/Catalog.API', references: [], line: 4 },
			{ name: 'web', method: 'AddNpmApp', directory: 'src/Web', references: ['catalog-api'], line: 5 },
			{ name: 'legacy', method: 'AddDockerfile', directory: 'legacy/billing', references: [], line: 7 },
			{ name: 'gateway', method: 'AddYarp', directory: null, references: [], line: 8 },
			{ name: 'mail', method: 'AddContainer', directory: null, references: [], line: 9 },
		]);
	});
});

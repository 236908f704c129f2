import { describe, expect, it } from 'vitest';
import { parseChartName, parseCompose, parseSkaffold, resolveInRepo } from '../../../collectors/discovery/signals.ts';
import { hostsInValue } from '../../../collectors/lib/hosts.ts';

describe('parseCompose', () => {
	const compose = `services:
  web:
    build: .
    depends_on: [api]
  api:
    build:
      context: ../services/api
      dockerfile: docker/Dockerfile
    environment:
      - DATABASE_URL=postgres://app:s3cret@db:5432/app
      - LEDGER=ledger:8080
    depends_on:
      db: { condition: service_healthy }
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: s3cret
  remote:
    build: https://github.com/acme/remote.git
  escape:
    build: ../../../outside
`;

	it('reads services, resolving build contexts against the file and dropping contexts outside the repository', () => {
		const { items } = parseCompose('deploy/docker-compose.yml', compose);

		expect(items.map(({ name, buildContext, image, dependsOn }) => ({ name, buildContext, image, dependsOn }))).toEqual([
			{ name: 'web', buildContext: 'deploy', image: null, dependsOn: ['api'] },
			{ name: 'api', buildContext: 'services/api', image: null, dependsOn: ['db'] },
			{ name: 'db', buildContext: null, image: 'postgres:16', dependsOn: [] },
			{ name: 'remote', buildContext: null, image: null, dependsOn: [] },
			{ name: 'escape', buildContext: null, image: null, dependsOn: [] },
		]);
	});

	it('keeps only hostnames from environment values, never the values', () => {
		const { items } = parseCompose('docker-compose.yml', compose);

		expect(items.find((item) => item.name === 'api')?.hosts.sort()).toEqual(['db', 'ledger']);
		expect(JSON.stringify(items)).not.toContain('s3cret');
	});

	it('records the line of each service', () => {
		expect(parseCompose('docker-compose.yml', compose).items.map((item) => item.line)).toEqual([2, 5, 14, 18, 20]);
	});

	it('reports invalid YAML with the file and line', () => {
		expect(parseCompose('docker-compose.yml', 'services:\n  web: [\n').problems[0]).toMatch(/^docker-compose\.yml:\d+/);
	});
});

describe('parseSkaffold and Helm charts', () => {
	it('reads artifacts with their contexts', () => {
		const { items } = parseSkaffold('skaffold.yaml', 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: emailservice\n      context: src/emailservice\n    - image: cartservice\n      context: src/cartservice/src\n---\napiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: loadgenerator\n      context: src/loadgenerator\n');

		expect(items).toEqual([
			{ image: 'emailservice', context: 'src/emailservice', dockerfile: null },
			{ image: 'cartservice', context: 'src/cartservice/src', dockerfile: null },
			{ image: 'loadgenerator', context: 'src/loadgenerator', dockerfile: null },
		]);
	});

	it('reads the chart name', () => {
		expect(parseChartName('apiVersion: v2\nname: onlineboutique\nversion: 0.10.0\n')).toBe('onlineboutique');
	});
});

describe('hostsInValue', () => {
	it.each<[string, string[]]>([
		['http://ledger:8080/api', ['ledger']],
		['https://payments-api.payments.svc.cluster.local/v1', ['payments-api']],
		['payments-api.payments.svc', ['payments-api']],
		['postgres://user:hunter2@db:5432/app', ['db']],
		['redis-cart:6379', ['redis-cart']],
		['https://api.stripe.com/v1', ['api.stripe.com']],
		['http://localhost:3000', []],
		['hunter2', []],
		['10.0.0.1:8080', ['10.0.0.1']],
	])('%s', (value, hosts) => {
		expect(hostsInValue(value)).toEqual(hosts);
	});
});

describe('resolveInRepo', () => {
	it.each<[string, string, string | null]>([
		['deploy', '../services/api', 'services/api'],
		['.', '.', '.'],
		['.', './vote/', 'vote'],
		['deploy', '../../x', null],
		['.', '/abs', null],
		['.', 'git@github.com:a/b.git', null],
	])('%s + %s', (base, relative, resolved) => {
		expect(resolveInRepo(base, relative)).toBe(resolved);
	});
});

describe('Skaffold builders that build one module of a wider context', () => {
	it.each<[string, string, string]>([
		['Jib', 'jib:\n        project: src/ledger/balancereader\n        type: maven', 'src/ledger/balancereader'],
		['ko', 'ko:\n        main: ./cmd/api', 'cmd/api'],
	])('%s: the module is the context', (_builder, builder, context) => {
		const { items } = parseSkaffold('src/ledger/balancereader/skaffold.yaml', `apiVersion: skaffold/v4beta1\nkind: Config\nbuild:\n  artifacts:\n    - image: app\n      context: ../../../\n      ${builder}\n`);
		expect(items.map((item) => item.context)).toEqual([context]);
	});
});

// Writes a synthetic organisation shaped like a real monorepo: services of skewed sizes (about
// `filesPerService` files on average, a few ten times that, many a handful) in nested source
// trees, one CODEOWNERS rule per service plus one per team directory and a few wildcard rules, a
// Kubernetes manifest per service, Backstage catalog-info.yaml on half the services (service.yaml
// on the rest), and a Terraform state with a datastore per service. Deterministic: a seeded
// generator, so two runs of one size measure the same tree.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface SyntheticOptions {
	services: number;
	filesPerService: number;
	teams: number;
}

/** Each file's content is unique (it names its service and file) so that nothing is shared by accident. */
const LANGUAGES = [
	{ extension: 'go', main: 'main.go', test: 'main_test.go', code: (tag: string) => `package main\n\n// ${tag}\nfunc main() {}\n` },
	{ extension: 'ts', main: 'src/index.ts', test: 'src/index.test.ts', code: (tag: string) => `// ${tag}\nexport const answer = 42;\n` },
	{ extension: 'py', main: 'app/main.py', test: 'tests/test_main.py', code: (tag: string) => `# ${tag}\ndef main():\n    return 42\n` },
	{ extension: 'java', main: 'src/main/java/App.java', test: 'src/test/java/AppTest.java', code: (tag: string) => `// ${tag}\nclass App {}\n` },
];

/** mulberry32: a small seeded generator, so the organisation is the same on every run. */
function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let value = state;
		value = Math.imul(value ^ (value >>> 15), value | 1);
		value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
		return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
	};
}

/** File counts with a long tail (log-normal, σ = 1), scaled so that they average `mean`. */
function skewedSizes(count: number, mean: number, random: () => number): number[] {
	const raw = Array.from({ length: count }, () => {
		const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
		return Math.exp(normal);
	});
	const scale = (mean * count) / raw.reduce((sum, value) => sum + value, 0);
	return raw.map((value) => Math.max(5, Math.round(value * scale)));
}

export async function generateOrganisation(root: string, options: SyntheticOptions): Promise<{ repo: string; inventory: string; files: number; codeownersRules: number }> {
	const repo = path.join(root, 'monorepo');
	const inventory = path.join(root, 'inventory');
	await mkdir(inventory, { recursive: true });
	const random = seeded(options.services * 7919 + options.filesPerService);
	const sizes = skewedSizes(options.services, options.filesPerService, random);
	let files = 0;
	const write = async (file: string, content: string) => {
		await mkdir(path.dirname(file), { recursive: true });
		await writeFile(file, content);
		files += 1;
	};
	const codeowners = ['# Generated: a rule per team directory, one per service, and a few wildcards.', '*.md @acme/docs', '/deploy/ @acme/platform'];
	for (let team = 0; team < options.teams; team += 1) codeowners.push(`/services/team-${team}/ @acme/team-${team}`);
	const resources: unknown[] = [];
	for (let index = 0; index < options.services; index += 1) {
		const id = `service-${String(index).padStart(5, '0')}`;
		const team = index % options.teams;
		const language = LANGUAGES[index % LANGUAGES.length]!;
		const relative = `services/team-${team}/${id}`;
		const directory = path.join(repo, relative);
		codeowners.push(`/${relative}/ @acme/team-${team}${index % 10 === 0 ? ` @acme/sre` : ''}`);
		const descriptor =
			index % 2 === 0
				? write(path.join(directory, 'catalog-info.yaml'), `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${id}\n  annotations:\n    shipshape.io/tier: "${(index % 3) + 1}"\n${index % 5 === 0 ? '' : `  links:\n    - { url: "https://runbooks.example/${id}", title: Runbook }\n`}spec:\n  type: service\n  lifecycle: production\n  owner: group:default/team-${team}\n`)
				: write(path.join(directory, 'service.yaml'), `name: ${id}\nowner: team-${team}\ntier: ${(index % 3) + 1}\npii: ${index % 4 === 1}\n${index % 5 === 0 ? '' : `runbook: https://runbooks.example/${id}\n`}`);
		const batch: Promise<void>[] = [
			descriptor,
			write(path.join(directory, 'README.md'), `# ${id}\n`),
			write(path.join(directory, language.main), language.code(`${id} ${language.main}`)),
			write(path.join(directory, 'Dockerfile'), index % 7 === 0 ? 'FROM alpine\n' : 'ARG ALPINE=3.20\nFROM alpine:${ALPINE}\nUSER 1000\n'),
			write(path.join(repo, 'deploy', 'k8s', `${id}.yaml`), manifest(id, index)),
		];
		if (index % 4 !== 0) batch.push(write(path.join(directory, language.test), language.code(`${id} test`)));
		// The rest of the service in nested packages of about ten files each.
		for (let filler = batch.length; filler < sizes[index]!; filler += 1) {
			batch.push(write(path.join(directory, 'lib', `package-${Math.floor(filler / 10)}`, `module-${filler}.${language.extension}`), language.code(`${id} module ${filler}`)));
		}
		await Promise.all(batch);
		resources.push({
			mode: 'managed',
			type: 'aws_db_instance',
			name: id.replace(/-/g, '_'),
			instances: [{ schema_version: 2, attributes: { backup_retention_period: index % 6 === 0 ? 0 : 7, storage_encrypted: index % 9 !== 0, password: 'synthetic-secret', tags: { service: id } } }],
		});
	}
	await write(path.join(repo, '.github', 'CODEOWNERS'), `${codeowners.join('\n')}\n`);
	await writeFile(path.join(inventory, 'prod.tfstate'), JSON.stringify({ version: 4, terraform_version: '1.8.5', serial: 1, lineage: 'bench', outputs: {}, resources }));
	return { repo, inventory, files, codeownersRules: codeowners.length - 1 };
}

function manifest(id: string, index: number): string {
	const probes = index % 3 === 0 ? '' : '          livenessProbe: { httpGet: { path: /healthz, port: 8080 } }\n          readinessProbe: { httpGet: { path: /readyz, port: 8080 } }\n';
	return `apiVersion: v1\nkind: Service\nmetadata: { name: ${id} }\nspec:\n  selector: { app: ${id} }\n  ports: [{ port: 80, targetPort: 8080 }]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${id}, labels: { app: ${id} } }\nspec:\n  replicas: ${(index % 3) + 1}\n  template:\n    metadata: { labels: { app: ${id} } }\n    spec:\n      securityContext: { runAsNonRoot: ${index % 2 === 0} }\n      containers:\n        - name: app\n          image: registry.example/${id}:1.0.${index}\n${probes}          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 256Mi } }\n`;
}

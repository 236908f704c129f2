// Writes a synthetic organisation: a monorepo of `services` service directories (descriptor, README,
// source, tests, Dockerfile, filler files up to `filesPerService`), one Kubernetes manifest per team
// and a Terraform state with one datastore per service.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface SyntheticOptions {
	services: number;
	filesPerService: number;
	teams: number;
}

/** Each file's content is unique (it names its service and file) so that nothing is shared by accident. */
const LANGUAGES = [
	{ file: 'main.go', test: 'main_test.go', code: (tag: string) => `package main\n\n// ${tag}\nfunc main() {}\n` },
	{ file: 'src/index.ts', test: 'src/index.test.ts', code: (tag: string) => `// ${tag}\nexport const answer = 42;\n` },
	{ file: 'app/main.py', test: 'tests/test_main.py', code: (tag: string) => `# ${tag}\ndef main():\n    return 42\n` },
	{ file: 'src/main/java/App.java', test: 'src/test/java/AppTest.java', code: (tag: string) => `// ${tag}\nclass App {}\n` },
];

export async function generateOrganisation(root: string, options: SyntheticOptions): Promise<{ repo: string; inventory: string; files: number }> {
	const repo = path.join(root, 'monorepo');
	const inventory = path.join(root, 'inventory');
	await mkdir(inventory, { recursive: true });
	let files = 0;
	const write = async (file: string, content: string) => {
		await mkdir(path.dirname(file), { recursive: true });
		await writeFile(file, content);
		files += 1;
	};
	const manifests = new Map<number, string[]>();
	const resources: unknown[] = [];
	for (let index = 0; index < options.services; index += 1) {
		const id = `service-${String(index).padStart(5, '0')}`;
		const team = index % options.teams;
		const language = LANGUAGES[index % LANGUAGES.length]!;
		const directory = path.join(repo, 'services', `team-${team}`, id);
		const batch: Promise<void>[] = [
			write(path.join(directory, 'service.yaml'), `name: ${id}\nowner: team-${team}\ntier: ${(index % 3) + 1}\npii: ${index % 2 === 0}\n${index % 5 === 0 ? '' : `runbook: https://runbooks.example/${id}\n`}`),
			write(path.join(directory, 'README.md'), `# ${id}\n`),
			write(path.join(directory, language.file), language.code(`${id} ${language.file}`)),
			write(path.join(directory, 'Dockerfile'), index % 7 === 0 ? 'FROM alpine\n' : 'FROM alpine:3.20\nUSER 1000\n'),
		];
		if (index % 4 !== 0) batch.push(write(path.join(directory, language.test), language.code(`${id} test`)));
		for (let filler = batch.length; filler < options.filesPerService; filler += 1) {
			batch.push(write(path.join(directory, 'lib', `module-${filler}.${language.file.split('.').at(-1)}`), language.code(`${id} module ${filler}`)));
		}
		await Promise.all(batch);
		const list = manifests.get(team) ?? [];
		list.push(deployment(id, index));
		manifests.set(team, list);
		resources.push({
			mode: 'managed',
			type: 'aws_db_instance',
			name: id.replace(/-/g, '_'),
			instances: [{ schema_version: 2, attributes: { backup_retention_period: index % 6 === 0 ? 0 : 7, storage_encrypted: index % 9 !== 0, password: 'synthetic-secret', tags: { service: id } } }],
		});
	}
	for (const [team, documents] of manifests) await write(path.join(repo, 'deploy', `team-${team}.yaml`), documents.join('---\n'));
	await writeFile(path.join(inventory, 'prod.tfstate'), JSON.stringify({ version: 4, terraform_version: '1.8.5', serial: 1, lineage: 'bench', outputs: {}, resources }));
	return { repo, inventory, files };
}

function deployment(id: string, index: number): string {
	const probes = index % 3 === 0 ? '' : '          livenessProbe: { httpGet: { path: /healthz, port: 8080 } }\n          readinessProbe: { httpGet: { path: /readyz, port: 8080 } }\n';
	return `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${id}, labels: { app: ${id} } }\nspec:\n  replicas: ${(index % 3) + 1}\n  template:\n    metadata: { labels: { app: ${id} } }\n    spec:\n      securityContext: { runAsNonRoot: ${index % 2 === 0} }\n      containers:\n        - name: app\n          image: registry.example/${id}:1.0.${index}\n${probes}          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 256Mi } }\n`;
}

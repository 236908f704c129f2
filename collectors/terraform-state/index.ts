import type { Evidence } from '../../catalog/schema/common.ts';
import { TerraformStateFacts, type Datastore } from '../../catalog/schema/facts.ts';
import { createServiceMatcher, DEFAULT_SERVICE_KEYS, matchByLabels } from '../lib/service-matcher.ts';
import { defineCollector, type CollectorProblem } from '../types.ts';
import { DATASTORE_TYPES, judgeDatastore, readState, tagsOf, type StateResource } from './extract.ts';

const S3_COMPANIONS = new Set(['aws_s3_bucket_versioning', 'aws_s3_bucket_server_side_encryption_configuration']);

/** Datastores and their backup and encryption settings from Terraform state files. */
export const terraformStateCollector = defineCollector({
	id: 'terraform-state',
	version: 1,
	description: 'Datastores (RDS, DynamoDB, S3, ElastiCache, EFS, EBS) with backup and encryption settings from Terraform state.',
	facts: TerraformStateFacts,
	skipReason(context) {
		return context.inventoryRoot === null ? 'no inventory directory configured (set `inventory:` in shipshape.config.yaml or pass --inventory)' : null;
	},
	async collect(context) {
		const problems: CollectorProblem[] = [];
		const resources: (StateResource & { file: string })[] = [];
		const root = context.inventoryRoot as string;
		const files = await context.glob(root, ['**/*.tfstate', '**/*.tfstate.json', '**/*.tfstate.backup', '**/terraform-show*.json', '**/*.tfplan.json']);
		for (const file of files) {
			const label = `inventory/${file}`;
			let document: unknown;
			try {
				document = JSON.parse(await context.readFile(root, file));
			} catch (error) {
				problems.push({ serviceId: null, file: label, message: error instanceof SyntaxError ? `invalid JSON (truncated or not a state file): ${error.message.slice(0, 160)}` : (error as Error).message });
				continue;
			}
			const state = readState(document);
			if (!state.ok) {
				problems.push({ serviceId: null, file: label, message: state.message });
				continue;
			}
			for (const resource of state.resources) resources.push({ ...resource, file: label });
		}
		if (files.length === 0) return { facts: new Map(), problems };

		const companions = new Map<string, StateResource[]>();
		for (const resource of resources.filter((item) => S3_COMPANIONS.has(item.type))) {
			const bucket = resource.attributes.bucket;
			if (typeof bucket === 'string') companions.set(bucket, [...(companions.get(bucket) ?? []), resource]);
		}
		const match = createServiceMatcher(context.services);
		const datastores = new Map<string, Map<string, Datastore>>();
		for (const resource of resources) {
			if (!(DATASTORE_TYPES as readonly string[]).includes(resource.type)) continue;
			const serviceId = matchByLabels(tagsOf(resource), DEFAULT_SERVICE_KEYS, match);
			const verdict = judgeDatastore(resource, companions);
			if (serviceId === null || verdict === null) continue;
			const owned = datastores.get(serviceId) ?? new Map<string, Datastore>();
			// The same resource in two state files (a copy, a backup) is counted once.
			if (!owned.has(resource.address)) owned.set(resource.address, { address: resource.address, type: resource.type, file: resource.file, ...verdict });
			datastores.set(serviceId, owned);
		}
		const facts = new Map<string, TerraformStateFacts>();
		const evidence = new Map<string, Record<string, Evidence[]>>();
		for (const service of context.services) {
			const own = [...(datastores.get(service.id)?.values() ?? [])].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
			facts.set(service.id, { datastores: own });
			evidence.set(service.id, { datastores: own.map((datastore) => ({ resource: datastore.address, file: datastore.file })) });
		}
		return { facts, evidence, problems };
	},
});

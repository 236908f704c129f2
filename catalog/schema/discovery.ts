// `catalog/discovery.json`: what the catalog does not know yet, for a person to act on.
import { z } from 'zod';
import { Evidence, InputError } from './common.ts';

export const DiscoveryReport = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		unregistered: z
			.array(
				z.strictObject({
					id: z.string().meta({ description: 'Id given to the inferred service.' }),
					path: z.string().nullable().meta({ description: 'Its directory (null: declared by an orchestrator with no directory of its own).' }),
					evidence: z.array(Evidence).meta({ description: 'What found it: Dockerfile, Compose build context, …' }),
				}),
			)
			.meta({ description: 'Services found in the code that no descriptor declares.' }),
		unowned: z.array(z.string()).meta({ description: 'Ids of services with no owner from a descriptor or CODEOWNERS.' }),
		ownershipConflicts: z
			.array(
				z.strictObject({
					service: z.string().meta({ description: 'Service id.' }),
					descriptorOwner: z.string().meta({ description: 'Owner the descriptor names (it wins).' }),
					codeownersOwners: z.array(z.string()).meta({ description: 'Owners CODEOWNERS gives its files.' }),
					codeownersFile: z.string().meta({ description: 'The CODEOWNERS file read.' }),
				}),
			)
			.meta({ description: 'Services whose descriptor and CODEOWNERS disagree on the owner.' }),
		nearDuplicates: z
			.array(
				z.strictObject({
					names: z.tuple([z.string(), z.string()]).meta({ description: 'The two names.' }),
					owners: z.tuple([z.string(), z.string()]).meta({ description: 'The service ids (or unlinked deployments) that carry them.' }),
					distance: z.number().int().nonnegative().meta({ description: 'Edit distance of the normalised names (0: equal after normalising).' }),
				}),
			)
			.meta({ description: 'Names so close they may be one service; not merged, confirm by hand.' }),
		unlinkedDeployments: z
			.array(
				z.strictObject({
					name: z.string().meta({ description: 'Name the deployment uses.' }),
					kind: z.string().meta({ description: 'Kubernetes Deployment, Compose service, Helm chart, …' }),
					evidence: Evidence,
				}),
			)
			.meta({ description: 'Things deployed from this repository that no service answers to.' }),
		ownerSuggestions: z
			.strictObject({
				status: z.enum(['ok', 'skipped']).meta({ description: 'Whether git history was read.' }),
				detail: z.string().meta({ description: 'How much history, or why it was skipped.' }),
			})
			.meta({ description: 'Owner suggestions from git history.' }),
		orphanedResources: z
			.array(
				z.strictObject({
					collector: z.string().meta({ description: 'Collector that found it.' }),
					resource: z.string().meta({ description: 'Terraform address, ARN or Kubernetes kind/namespace/name.' }),
					type: z.string().meta({ description: 'Resource type.' }),
					file: z.string().meta({ description: 'Inventory file it was read from.' }),
					tags: z.record(z.string(), z.string()).meta({ description: 'Its tags (to help find the owner).' }),
				}),
			)
			.meta({ description: 'Cloud resources that no service claims: tag them with a service key.' }),
		withoutRuntime: z
			.array(z.string())
			.meta({ description: 'Services with no workload, compute or datastore in the collected inventory.' }),
		candidates: z
			.array(
				z.strictObject({
					path: z.string().nullable().meta({ description: 'The directory (null: an orchestrator entry with no directory).' }),
					name: z.string().meta({ description: 'The name it would get.' }),
					reason: z.string().meta({ description: 'Why it is not catalogued: generated code, a test suite or image, a base image, examples, the repository root beside other services, a third-party container.' }),
					evidence: z.array(Evidence).meta({ description: 'What pointed at it.' }),
					confirm: z.string().meta({ description: 'The one change that makes it a service.' }),
				}),
			)
			.default([])
			.meta({ description: 'Things that look like services but are not catalogued until someone confirms them.' }),
		idClashes: z
			.array(
				z.strictObject({
					id: z.string().meta({ description: 'The id both claim.' }),
					candidates: z
						.array(z.strictObject({ path: z.string().nullable(), evidence: z.array(Evidence) }))
						.meta({ description: 'Each claimant: the first is catalogued, the others are not until renamed.' }),
					resolve: z.string().meta({ description: 'How to resolve it.' }),
				}),
			)
			.default([])
			.meta({ description: 'Ids that two different services claim; never merged, never renamed after a path.' }),
		errors: z.array(InputError).meta({ description: 'Repository-level inputs that could not be read.' }),
	})
	.meta({ title: 'Shipshape discovery report', description: 'What discovery found that the catalog does not know yet.' });
export type DiscoveryReport = z.infer<typeof DiscoveryReport>;

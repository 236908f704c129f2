// The service record: one `catalog/services/<id>.json` per service, written by the collectors.
import { z } from 'zod';
import { Evidence, Id, InputError, Link } from './common.ts';
import { Facts } from './facts.ts';

export const OWNER_SOURCES = ['descriptor', 'codeowners'] as const;

export const SuggestedOwner = z
	.strictObject({
		owner: z.string().meta({ description: 'Team or user id suggested as owner.' }),
		confidence: z.number().min(0).max(1).meta({ description: 'Confidence 0..1.' }),
		reason: z.string().meta({ description: 'Why, e.g. "62% of 140 commits in the last 12 months".' }),
	})
	.meta({ description: 'An owner suggested from code activity; never counts as an owner.' });

export const ServiceChanges = z
	.strictObject({
		repositoryUrl: z.string().nullable().meta({ description: "Web address of the repository (from git's `origin`, without credentials), to link commits; null when unknown." }),
		lastChange: z
			.strictObject({ date: z.string().meta({ description: 'Author date, ISO 8601.' }), commit: z.string().meta({ description: 'Commit hash.' }) })
			.nullable()
			.meta({ description: 'The last commit that touched the service, or null when none did in the window.' }),
		commits30d: z.number().int().nonnegative().meta({ description: 'Commits that touched it in the 30 days before collection.' }),
		commits90d: z.number().int().nonnegative().meta({ description: 'Commits that touched it in the 90 days before collection.' }),
		contributors: z
			.array(z.strictObject({ name: z.string(), commits: z.number().int().positive() }))
			.meta({ description: 'Top authors in the history window by commits (names only).' }),
		recent: z
			.array(z.strictObject({ commit: z.string(), subject: z.string(), author: z.string(), date: z.string() }))
			.meta({ description: 'The last commits that touched it, newest first.' }),
	})
	.meta({ description: 'Past changes from git history (the window of `discovery.history`).' });

/** A Backstage Resource or API a service names, described when the entity is in the repository. */
export const EntityReference = z.strictObject({
	id: z.string().meta({ description: 'Entity name, as an id.' }),
	type: z.string().nullable().meta({ description: 'Its `spec.type` (database, openapi, …) when the entity is declared here, else null.' }),
	description: z.string().nullable().meta({ description: 'Its description when declared here, else null.' }),
	declared: z.boolean().meta({ description: 'Whether a Resource or API entity of that name is in the repository.' }),
});

export const Service = z
	.strictObject({
		$schema: z.string().optional().meta({ description: 'JSON Schema reference for editors.' }),
		id: Id,
		name: z.string().min(1).meta({ description: 'Display name.' }),
		description: z.string().nullable().meta({ description: 'One-line description, or null.' }),
		path: z.string().nullable().meta({ description: 'Service root relative to the monorepo root, POSIX separators; "." for the root; null for a service with no directory of its own (a proxy declared in an orchestrator; `foundBy` names the file).' }),
		registered: z.boolean().meta({ description: 'True when a descriptor file declares the service; false when only inferred.' }),
		resources: z
			.array(EntityReference)
			.optional()
			.meta({ description: 'Resources it depends on (Backstage `dependsOn: resource:…`): databases, buckets, queues.' }),
		apis: z
			.strictObject({ provides: z.array(EntityReference), consumes: z.array(EntityReference) })
			.optional()
			.meta({ description: 'APIs it provides and consumes (Backstage `providesApis`, `consumesApis`).' }),
		disagreements: z
			.array(
				z.strictObject({
					field: z.enum(['name', 'owner', 'tier']),
					kept: z.strictObject({ file: z.string(), value: z.string() }).meta({ description: 'The descriptor that wins (service.yaml, then catalog-info.yaml, then opslevel.yml) and its value.' }),
					other: z.strictObject({ file: z.string(), value: z.string() }).meta({ description: 'The descriptor that says otherwise.' }),
				}),
			)
			.optional()
			.meta({ description: 'Fields two descriptors of the service (in one directory) give different values.' }),
		declaredIn: z
			.strictObject({ file: z.string(), line: z.number().int().positive().nullable() })
			.nullable()
			.optional()
			.meta({ description: 'The descriptor (or configuration) that declares it, and the line; null for inferred services.' }),
		aliases: z.array(z.string()).meta({ description: 'Other names seen for this service, sorted.' }),
		owner: z.string().nullable().meta({ description: 'Primary owning team or user, or null.' }),
		owners: z.array(z.string()).meta({ description: 'All owners, primary first, then sorted.' }),
		ownerSource: z.enum(OWNER_SOURCES).nullable().meta({ description: 'Where `owner` comes from; null when unowned.' }),
		suggestedOwners: z.array(SuggestedOwner).default([]).meta({ description: 'Owners suggested from code activity, best first (kept in `catalog/activity/<id>.json` and joined when loaded).' }),
		changes: ServiceChanges.nullable()
			.optional()
			.meta({ description: 'Past changes and contributors from git history; null when history could not be read (not a git checkout, a shallow clone: `discovery.json` says why).' }),
		language: z.string().nullable().meta({ description: 'Primary language as GitHub Linguist names it, or null.' }),
		tier: z.number().int().min(1).max(4).nullable().meta({ description: 'Criticality, 1 = most critical; null when undeclared.' }),
		lifecycle: z.string().nullable().meta({ description: 'Lifecycle stage, e.g. production, experimental, deprecated.' }),
		tags: z.array(z.string()).meta({ description: 'Free-form tags, sorted.' }),
		links: z.array(Link).meta({ description: 'Links shown on the service page.' }),
		dependsOn: z.array(z.string()).meta({ description: 'Ids of services this one depends on, sorted.' }),
		system: z.string().nullable().optional().meta({ description: 'The system it is part of (`catalog/systems/<id>.json`), or null.' }),
		domain: z.string().nullable().optional().meta({ description: 'Its domain: its own, else its system\'s (`catalog/domains/<id>.json`), or null.' }),
		repository: z
			.string()
			.min(1)
			.optional()
			.meta({ description: 'The repository its code is in (`owner/name`), in catalogs merged from per-repository fragments (`shipshape collect --fragment`, `shipshape merge`); absent in a single monorepo\'s catalog.' }),
		idClash: z
			.strictObject({
				id: Id.meta({ description: 'The id it has in its own repository.' }),
				repositories: z.array(z.string()).meta({ description: 'Every repository that claims that id, sorted.' }),
			})
			.optional()
			.meta({ description: 'Set when two repositories claim the same id: both are kept, each under an id qualified with its repository (`<owner>-<name>-<id>`), until one is renamed or `merge.idClashes` says which repository keeps the plain id.' }),
		facts: Facts,
		evidence: z
			.record(z.string(), z.array(Evidence))
			.meta({ description: 'Evidence per fact path (`collector.fact`), for findings on that fact.' }),
		errors: z.array(InputError).meta({ description: 'Inputs about this service that could not be read.' }),
	})
	.meta({ title: 'Shipshape service record', description: 'One service in the catalog.' });
export type Service = z.infer<typeof Service>;
export type SuggestedOwner = z.infer<typeof SuggestedOwner>;
export type ServiceChanges = z.infer<typeof ServiceChanges>;
export type EntityReference = z.infer<typeof EntityReference>;

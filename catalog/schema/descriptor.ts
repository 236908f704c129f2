// `service.yaml`: Shipshape's own service descriptor, written by people next to the code. Strict, so
// that a typo fails with the field's path instead of being ignored.
import { z } from 'zod';
import { Id, Link } from './common.ts';

export const ServiceDescriptor = z
	.strictObject({
		id: Id.optional().meta({ description: 'Service id; defaults to the kebab-cased `name`.' }),
		name: z.string().min(1).meta({ description: 'Service name.' }),
		description: z.string().optional().meta({ description: 'One-line description.' }),
		owner: z.string().min(1).optional().meta({ description: 'Owning team id (or user). Takes precedence over CODEOWNERS.' }),
		tier: z.number().int().min(1).max(4).optional().meta({ description: 'Criticality, 1 = most critical.' }),
		lifecycle: z
			.string()
			.optional()
			.meta({ description: 'Lifecycle stage: production, experimental, deprecated, …' }),
		language: z.string().optional().meta({ description: 'Overrides the detected primary language (Linguist name).' }),
		tags: z.array(z.string()).optional().meta({ description: 'Free-form tags.' }),
		aliases: z.array(z.string()).optional().meta({ description: 'Other names the service goes by (Kubernetes app label, Terraform tag).' }),
		links: z.array(Link).optional().meta({ description: 'Links shown on the service page (dashboards, docs).' }),
		runbook: z.url({ protocol: /^https?$/ }).optional().meta({ description: 'Runbook URL for on-call.' }),
		pii: z.boolean().optional().meta({ description: 'Whether the service stores personally identifiable information.' }),
		dependsOn: z.array(z.string()).optional().meta({ description: 'Ids of services this one calls.' }),
		system: z.string().min(1).optional().meta({ description: 'The system it is part of (e.g. "checkout"): the services that together deliver one product.' }),
		domain: z.string().min(1).optional().meta({ description: 'Its domain (e.g. "commerce"), when its system does not say.' }),
		repository: z
			.string()
			.regex(/^[\w.-]+\/[\w.-]+$/, 'Use "owner/name".')
			.optional()
			.meta({ description: 'GitHub repository (owner/name) when the service does not live in the monorepo\'s own repository.' }),
	})
	.meta({ title: 'Shipshape service descriptor (service.yaml)', description: 'Declares a service next to its code.' });
export type ServiceDescriptor = z.infer<typeof ServiceDescriptor>;

// Two descriptors of one service (a service.yaml and a catalog-info.yaml side by side) that say
// different things: one of them is wrong, and people read whichever they open.
import type { QualityRule } from '../model.ts';

export const descriptorsAgree: QualityRule = {
	id: 'descriptors-agree',
	description: 'Descriptors of the same service agree on its name, owner and tier.',
	fix: 'Make the descriptors agree, or keep only one (service.yaml wins over catalog-info.yaml, which wins over opslevel.yml).',
	defaultSeverity: 'warning',
	check: ({ services }) =>
		services.flatMap((service) =>
			(service.disagreements ?? []).map((disagreement) => ({
				subject: { kind: 'service' as const, id: service.id },
				message: `${service.id}: ${disagreement.kept.file} says ${disagreement.field} "${disagreement.kept.value}", ${disagreement.other.file} says "${disagreement.other.value}".`,
				file: disagreement.other.file,
				line: null,
			})),
		),
};

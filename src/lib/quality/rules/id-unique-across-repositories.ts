// Two repositories name a service the same: `shipshape merge` kept both under ids qualified with
// their repository, so links, `check --service` and dependencies by the plain id are ambiguous.
import { declaredAt, type QualityRule } from '../model.ts';

export const idUniqueAcrossRepositories: QualityRule = {
	id: 'id-unique-across-repositories',
	description: 'No service id is claimed by services of two repositories (catalogs merged from fragments).',
	fix: 'Rename the service in all but one repository, or set `merge.idClashes: { <id>: <owner/name> }` to say which repository keeps the id.',
	defaultSeverity: 'warning',
	check: ({ services }) =>
		services.flatMap((service) =>
			service.idClash === undefined
				? []
				: [
						{
							subject: { kind: 'service' as const, id: service.id },
							message: `${service.id} is "${service.idClash.id}" in ${service.repository ?? 'its repository'}, an id that ${service.idClash.repositories.filter((repository) => repository !== service.repository).join(', ')} also claim${service.idClash.repositories.length > 2 ? '' : 's'}; it is catalogued under its repository-qualified id.`,
							...declaredAt(service),
						},
					],
		),
};

// A descriptor left behind: the directory it declares holds no code, no Dockerfile and no manifest.
import { declaredAt, type QualityRule } from '../model.ts';

export const descriptorHasCode: QualityRule = {
	id: 'descriptor-has-code',
	description: 'A declared service\'s directory still holds code.',
	fix: 'Move the descriptor to where the code is, or delete it if the service is gone.',
	defaultSeverity: 'warning',
	check: ({ services }) =>
		services
			.filter((service) => {
				if (!service.registered || service.path === null) return false;
				const files = (service.facts as { 'repo-files'?: { languages?: unknown[]; dockerfiles?: unknown[]; packages?: unknown[] } })['repo-files'];
				return files !== undefined && (files.languages?.length ?? 0) === 0 && (files.dockerfiles?.length ?? 0) === 0 && (files.packages?.length ?? 0) === 0;
			})
			.map((service) => ({ subject: { kind: 'service', id: service.id }, message: `${service.id} is declared at ${service.path}, which holds no code, Dockerfile or package manifest.`, ...declaredAt(service) })),
};

import { z } from 'zod';
import type { K8sManifestsFacts, TerraformStateFacts } from '../../../../catalog/schema/facts.ts';
import { defineEvaluator } from '../model.ts';
import { datastoresOf, DATASTORE_SOURCES } from './datastores.ts';
import { judgeAll, type ItemVerdict } from './judge-all.ts';

export const encryptedInTransit = defineEvaluator({
	meta: {
		name: 'encrypted-in-transit',
		description: 'Every Ingress host of the service has TLS, every load balancer listener is HTTPS/TLS (or only redirects to HTTPS), and its caches encrypt in transit.',
		requires: [],
		requiresAny: ['k8s-manifests.ingresses', 'terraform-state.listeners', ...DATASTORE_SOURCES],
		options: z.strictObject({}),
		messages: {
			none: 'The service has no Ingress, load balancer listener or cache in the collected inventory.',
			failing: '{{failing}} of {{total}} entry points or caches are not encrypted in transit: {{names}}.',
			undetermined: 'In-transit encryption of {{undetermined}} of {{total}} caches could not be read: {{names}}.',
			passing: 'All {{total}} entry points and caches are encrypted in transit.',
		},
	},
	evaluate({ facts }) {
		const verdicts: ItemVerdict[] = [];
		for (const ingress of (facts.get('k8s-manifests.ingresses') as K8sManifestsFacts['ingresses'] | undefined) ?? []) {
			const plain = ingress.hosts.filter((host) => !ingress.tlsHosts.some((tlsHost) => tlsCovers(tlsHost, host)));
			verdicts.push({ ok: plain.length === 0, evidence: { resource: ingress.resource, file: ingress.file, line: ingress.line, detail: plain.length === 0 ? 'TLS for every host' : `no TLS for ${plain.join(', ')}` } });
		}
		for (const listener of (facts.get('terraform-state.listeners') as TerraformStateFacts['listeners'] | undefined) ?? []) {
			const ok = /^(HTTPS|TLS)$/i.test(listener.protocol) || listener.redirectsToHttps;
			verdicts.push({ ok, evidence: { resource: listener.address, file: listener.file, detail: ok ? `${listener.protocol}${listener.redirectsToHttps ? ' redirecting to HTTPS' : ''}` : `plain ${listener.protocol} on port ${listener.port ?? '?'}` } });
		}
		for (const datastore of datastoresOf(facts).filter((candidate) => candidate.encryptedInTransit !== null)) {
			verdicts.push({ ok: datastore.encryptedInTransit, evidence: { resource: datastore.address, file: datastore.file, detail: datastore.encryptedInTransit ? 'transit encryption on' : 'transit encryption off' } });
		}
		return judgeAll(verdicts);
	},
});

/**
 * Whether a TLS host covers a requested host, as certificates do: the same name (case-insensitive),
 * or a wildcard `*.example.com` for exactly one more label (`api.example.com`, not
 * `a.b.example.com`, not `example.com`).
 */
export function tlsCovers(tlsHost: string, host: string): boolean {
	const tls = tlsHost.toLowerCase();
	const name = host.toLowerCase();
	if (tls === name) return true;
	if (!tls.startsWith('*.')) return false;
	const dot = name.indexOf('.');
	return dot > 0 && name.slice(dot + 1) === tls.slice(2);
}

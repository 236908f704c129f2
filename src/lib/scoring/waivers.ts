// Waivers as code: a failing check a waiver covers counts as `waived` until the waiver's last day;
// after it the check fails again and the waiver is listed as expired.
import type { Waiver } from '../../../catalog/schema/waiver.ts';
import type { Finding } from './model.ts';

export interface WaiverStatus extends Waiver {
	state: 'active' | 'expired' | 'unused';
}

/** Cross-references: every waiver must name a known service and check. */
export function validateWaivers(waivers: readonly Waiver[], serviceIds: ReadonlySet<string>, checkIds: ReadonlySet<string>): string[] {
	const problems: string[] = [];
	for (const [index, waiver] of waivers.entries()) {
		if (!serviceIds.has(waiver.service)) problems.push(`waivers[${index}].service: no service "${waiver.service}" in the catalog; fix the id or remove the waiver.`);
		if (!checkIds.has(waiver.check)) problems.push(`waivers[${index}].check: no check "${waiver.check}" in the rubric; fix the id or remove the waiver.`);
	}
	return problems;
}

/** Whether the waiver still holds on `now` (its `expires` day included, in UTC). */
export function isWaiverActive(waiver: Waiver, now: Date): boolean {
	return now.getTime() < Date.parse(`${waiver.expires}T00:00:00Z`) + 86_400_000;
}

/** Applies the waivers of one service to its findings. */
export function applyWaivers(serviceId: string, findings: Finding[], waivers: readonly Waiver[], now: Date): Finding[] {
	return findings.map((finding) => {
		if (finding.outcome !== 'fail') return finding;
		const waiver = waivers.find((candidate) => candidate.service === serviceId && candidate.check === finding.checkId && isWaiverActive(candidate, now));
		if (waiver === undefined) return finding;
		return { ...finding, outcome: 'waived', messageId: 'waived', message: `Waived until ${waiver.expires} (${waiver.approver}): ${waiver.reason} — ${finding.message}` };
	});
}

/** Each waiver with its state on `now`: active, expired, or unused (the check no longer fails). */
export function waiverStatuses(waivers: readonly Waiver[], failing: (service: string, check: string) => boolean, now: Date): WaiverStatus[] {
	return waivers.map((waiver) => ({
		...waiver,
		state: !isWaiverActive(waiver, now) ? 'expired' : failing(waiver.service, waiver.check) ? 'active' : 'unused',
	}));
}

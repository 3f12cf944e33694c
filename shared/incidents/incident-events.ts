import { domainEvent } from '../events/domain-events.ts';
import type { DomainEvent } from '../events/catalog.ts';
import type { Incident } from './model.ts';

export type IncidentChangeKind = 'opened' | 'updated' | 'resolved';

/** The bus event of an incident change. */
export function incidentEvent(change: IncidentChangeKind, incident: Incident, actor?: string, previousSeverity?: Incident['severity']): DomainEvent {
  return domainEvent(`incident.${change}`, actor ?? 'system', {
    projectId: incident.projectId,
    incidentId: incident.id,
    title: incident.title,
    severity: incident.severity,
    state: incident.state,
    signalCount: incident.signalCount,
    occurrence: incident.occurrence,
    ...(previousSeverity ? { previousSeverity } : {}),
    ...(actor ? { actor } : {}),
  });
}


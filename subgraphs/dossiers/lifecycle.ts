import { dossierStatuses, type DossierStatus } from '../../drizzle/dossiers.ts';

/** The status code exchanged with the national public-service portal (1..10, in the enum's order). */
export function nationalStatusCode(status: DossierStatus): number {
  return dossierStatuses.indexOf(status) + 1;
}

/**
 * Statuses in which a dossier cannot be overdue: processing ended without a result (refused,
 * withdrawn, stopped), or the clock is stopped while the applicant supplements it or pays.
 */
export const notOverdueStatuses: readonly DossierStatus[] = [
  'NOT_ACCEPTED',
  'WITHDRAWN',
  'STOPPED',
  'SUPPLEMENT_REQUESTED',
  'PAYMENT_REQUIRED',
];

/** Whether a dossier is past its due date: finished after it, or unfinished and due before `now`. */
export function isOverdue(
  dossier: { status: DossierStatus; dueAt: Date; completedAt: Date | null },
  now: Date = new Date(),
): boolean {
  if (notOverdueStatuses.includes(dossier.status)) return false;
  return (dossier.completedAt ?? now).getTime() > dossier.dueAt.getTime();
}

/**
 * The lifecycle: which status may follow which. Finished statuses (refused, withdrawn, stopped,
 * result returned) allow nothing more. Online dossiers start SUBMITTED; counter and postal ones RECEIVED.
 */
export const allowedTransitions: Readonly<Record<DossierStatus, readonly DossierStatus[]>> = {
  SUBMITTED: ['RECEIVED', 'NOT_ACCEPTED', 'WITHDRAWN'],
  RECEIVED: ['IN_PROGRESS', 'PAYMENT_REQUIRED', 'SUPPLEMENT_REQUESTED', 'WITHDRAWN'],
  NOT_ACCEPTED: [],
  IN_PROGRESS: ['SUPPLEMENT_REQUESTED', 'PAYMENT_REQUIRED', 'COMPLETED', 'STOPPED', 'WITHDRAWN'],
  SUPPLEMENT_REQUESTED: ['IN_PROGRESS', 'WITHDRAWN', 'STOPPED'],
  PAYMENT_REQUIRED: ['IN_PROGRESS', 'WITHDRAWN', 'STOPPED'],
  WITHDRAWN: [],
  STOPPED: [],
  COMPLETED: ['RESULT_RETURNED'],
  RESULT_RETURNED: [],
};

/** The shortest sequence of statuses from `from` to `to` that the lifecycle allows, or null. */
export function lifecyclePath(from: DossierStatus, to: DossierStatus): DossierStatus[] | null {
  const previous = new Map<DossierStatus, DossierStatus | null>([[from, null]]);
  const queue: DossierStatus[] = [from];
  while (queue.length > 0) {
    const status = queue.shift() as DossierStatus;
    if (status === to) {
      const path: DossierStatus[] = [];
      for (let at: DossierStatus | null = to; at; at = previous.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const next of allowedTransitions[status]) {
      if (!previous.has(next)) {
        previous.set(next, status);
        queue.push(next);
      }
    }
  }
  return null;
}

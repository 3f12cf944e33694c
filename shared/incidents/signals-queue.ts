/** The queue correlation reads from (a job queue of the route table). */
export const SIGNALS_QUEUE = 'incident-signals';

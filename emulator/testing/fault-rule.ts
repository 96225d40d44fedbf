// The fault rule `POST /_local/faults` takes, for clients of the control API outside local Azure (the
// browser tests): one definition, local Azure's own. Type-only, so any TypeScript project can import it.
export type { FaultRule } from '../src/http/faults.ts';

// A JSON object as parsed from a request body or stored in a resource's properties.
export type Rec = Record<string, unknown>;

/** A plain JSON object (not null, not an array). */
export const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

// In-memory storage for oidc-provider's models (sessions, grants, codes, tokens, interactions), with
// expiry: a Map per model. With a state folder its entries are saved with the world (`dumpOidcStore`)
// and loaded back on start, so sessions and refresh tokens outlive a restart (signing keys persist
// separately, in the cert folder).

/** One stored model instance; `expiresAt` in epoch ms. */
export interface OidcEntry {
  payload: Record<string, unknown>;
  expiresAt: number;
}
type Entry = OidcEntry;

const stores = new Map<string, Map<string, Entry>>();
const grantIndex = new Map<string, Set<string>>();
/** Called after every change (the saver listens). */
let changed: () => void = () => undefined;

export function onOidcStoreChange(fn: () => void): void {
  changed = fn;
}

function indexGrant(name: string, id: string, payload: Record<string, unknown>): void {
  const grantId = payload.grantId;
  if (typeof grantId !== 'string') return;
  const set = grantIndex.get(grantId) ?? new Set<string>();
  set.add(`${name}:${id}`);
  grantIndex.set(grantId, set);
}

/** The live entries of every model, for the saved state: [model, [id, entry][]][]. */
export function dumpOidcStore(): Array<[string, Array<[string, OidcEntry]>]> {
  const now = Date.now();
  return [...stores].map(([name, m]) => [
    name,
    [...m].filter(([, e]) => e.expiresAt > now).map(([id, e]) => [id, structuredClone(e)]),
  ]);
}

/** Forgets everything (local Azure going down), then loads saved entries when given. */
export function loadOidcStore(
  saved: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, OidcEntry]>]> = [],
): void {
  for (const m of stores.values()) m.clear();
  grantIndex.clear();
  for (const [name, entries] of saved) {
    const s = store(name);
    for (const [id, e] of entries) {
      s.set(id, structuredClone(e));
      indexGrant(name, id, e.payload);
    }
  }
}

function store(name: string): Map<string, Entry> {
  let s = stores.get(name);
  if (!s) {
    s = new Map();
    stores.set(name, s);
  }
  return s;
}

export class MemoryOidcAdapter {
  private readonly s: Map<string, Entry>;

  constructor(private readonly name: string) {
    this.s = store(name);
  }

  private live(id: string): Entry | undefined {
    const e = this.s.get(id);
    if (!e) return undefined;
    if (e.expiresAt <= Date.now()) {
      this.s.delete(id);
      return undefined;
    }
    return e;
  }

  upsert(id: string, payload: Record<string, unknown>, expiresIn: number): Promise<void> {
    this.s.set(id, { payload: { ...payload }, expiresAt: Date.now() + Math.max(1, expiresIn) * 1000 });
    indexGrant(this.name, id, payload);
    if (this.s.size % 500 === 0) this.sweep();
    changed();
    return Promise.resolve();
  }

  find(id: string): Promise<Record<string, unknown> | undefined> {
    const e = this.live(id);
    return Promise.resolve(e ? { ...e.payload } : undefined);
  }

  findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
    for (const [id, e] of this.s) if (e.payload.uid === uid) return this.find(id);
    return Promise.resolve(undefined);
  }

  findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
    for (const [id, e] of this.s) if (e.payload.userCode === userCode) return this.find(id);
    return Promise.resolve(undefined);
  }

  consume(id: string): Promise<void> {
    const e = this.s.get(id);
    if (e) e.payload.consumed = Math.floor(Date.now() / 1000);
    changed();
    return Promise.resolve();
  }

  destroy(id: string): Promise<void> {
    this.s.delete(id);
    changed();
    return Promise.resolve();
  }

  revokeByGrantId(grantId: string): Promise<void> {
    for (const key of grantIndex.get(grantId) ?? []) {
      const i = key.indexOf(':');
      stores.get(key.slice(0, i))?.delete(key.slice(i + 1));
    }
    grantIndex.delete(grantId);
    changed();
    return Promise.resolve();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, e] of this.s) if (e.expiresAt <= now) this.s.delete(id);
  }
}

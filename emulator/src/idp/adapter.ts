// In-memory storage for oidc-provider's models (sessions, grants, codes, tokens, interactions), with
// expiry. Local Azure is one process and its state is meant to vanish on restart (signing keys persist
// separately), so a Map per model is all it needs.

interface Entry {
  payload: Record<string, unknown>;
  expiresAt: number;
}

const stores = new Map<string, Map<string, Entry>>();
const grantIndex = new Map<string, Set<string>>();

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
    const grantId = payload.grantId;
    if (typeof grantId === 'string') {
      const set = grantIndex.get(grantId) ?? new Set<string>();
      set.add(`${this.name}:${id}`);
      grantIndex.set(grantId, set);
    }
    if (this.s.size % 500 === 0) this.sweep();
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
    return Promise.resolve();
  }

  destroy(id: string): Promise<void> {
    this.s.delete(id);
    return Promise.resolve();
  }

  revokeByGrantId(grantId: string): Promise<void> {
    for (const key of grantIndex.get(grantId) ?? []) {
      const i = key.indexOf(':');
      stores.get(key.slice(0, i))?.delete(key.slice(i + 1));
    }
    grantIndex.delete(grantId);
    return Promise.resolve();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, e] of this.s) if (e.expiresAt <= now) this.s.delete(id);
  }
}

// Loaded inside the Azurite child process (`node --import`): account keys are random and change while
// Azurite runs (a released staging account and a world reset get new ones), but Azurite reads its
// accounts from AZURITE_ACCOUNTS only at start and once a minute. Local Azure sends the current keys
// over the IPC channel; this module answers Azurite's account look-ups from them and acknowledges
// each update, so a key is accepted or refused from the moment local Azure hands it out or retires it.
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import process from 'node:process';
import { setTimeout } from 'node:timers';

const require = createRequire(import.meta.url);
const store = require('azurite/dist/src/common/AccountDataStore.js').default;
/** @type {Map<string, { name: string; key1: Buffer }>} */
const accounts = new Map();
const original = store.prototype.getAccount;
store.prototype.getAccount = function getAccount(name) {
  return accounts.get(name) ?? original.call(this, name);
};

process.on('message', (m) => {
  if (!m || typeof m !== 'object' || m.type !== 'keys' || typeof m.keys !== 'object') return;
  for (const [name, key] of Object.entries(m.keys)) {
    if (typeof key === 'string') accounts.set(name, { name, key1: Buffer.from(key, 'base64') });
  }
  process.send?.({ type: 'keys-applied', seq: m.seq });
});
// The IPC channel must not keep Azurite alive after local Azure is gone. When local Azure goes without
// stopping it (killed), Azurite stops as on SIGTERM: with a state folder it then saves its blob index
// (otherwise written every 5 s), so the logs written before the kill are there on the next start.
process.channel?.unref();
let stopping = false;
process.once('SIGTERM', () => (stopping = true));
process.once('SIGINT', () => (stopping = true));
process.on('disconnect', () => {
  setTimeout(() => process.exit(0), 5000).unref();
  if (!stopping) process.kill(process.pid, 'SIGTERM');
});

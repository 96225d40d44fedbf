#!/usr/bin/env node
// Makes local Azure's private CA and a localhost / 127.0.0.1 server certificate on first run and
// reuses them afterwards. Runs before any server or test runner starts (docs/architecture.md): Node reads
// NODE_EXTRA_CA_CERTS only at launch. Uses Debian's openssl, which every machine of this kind has.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { certPaths } from './paths.mjs';

const p = certPaths();
mkdirSync(p.dir, { recursive: true });

function openssl(args) {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

if (existsSync(p.ca) && existsSync(p.cert) && existsSync(p.key)) {
  process.exit(0);
}

openssl(['genrsa', '-out', p.caKey, '2048']);
openssl([
  'req',
  '-x509',
  '-new',
  '-key',
  p.caKey,
  '-sha256',
  '-days',
  '3650',
  '-out',
  p.ca,
  '-subj',
  '/CN=Kiln local Azure CA',
  '-addext',
  'basicConstraints=critical,CA:TRUE',
  '-addext',
  'keyUsage=critical,keyCertSign,cRLSign',
]);
openssl(['genrsa', '-out', p.key, '2048']);
openssl(['req', '-new', '-key', p.key, '-out', p.csr, '-subj', '/CN=localhost']);
writeFileSync(
  p.ext,
  [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
    '',
  ].join('\n'),
);
openssl([
  'x509',
  '-req',
  '-in',
  p.csr,
  '-CA',
  p.ca,
  '-CAkey',
  p.caKey,
  '-CAcreateserial',
  '-out',
  p.cert,
  '-days',
  '825',
  '-sha256',
  '-extfile',
  p.ext,
]);
console.log(`local Azure: made a private CA and a localhost certificate in ${p.dir}`);

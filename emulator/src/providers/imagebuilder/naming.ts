// Names AIB and Packer give to what they create (docs/azure/image-builder.md, docs/azure/networking.md). Where no name was ever
// published (the AIB-made VNet, subnets, NSGs, private endpoint, load balancer, proxy VM), the names
// are ours, in the same style, and documented in emulator/README.md.
import { randomBytes } from 'node:crypto';

export type Rand = () => number;

/** Crypto-random numbers in [0, 1). */
export const cryptoRand: Rand = () => randomBytes(4).readUInt32BE(0) / 2 ** 32;

/** A small deterministic generator (mulberry32) for the seed world. */
export function seededRand(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomString(rand: Rand, n: number, alphabet = LOWER_ALNUM): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)] ?? 'a';
  return s;
}

/** A GUID (v4 layout) from `rand`. */
export function guid(rand: Rand): string {
  const h = randomString(rand, 32, '0123456789abcdef').split('');
  h[12] = '4';
  h[16] = '89ab'[Math.floor(rand() * 4)] ?? '8';
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Resource group names are limited to 90 characters; AIB keeps its names shorter and truncates. */
const STAGING_MAX = 80;
const TEMPLATE_PART_MAX = 20;

/**
 * `IT_<rg>_<template>_<guid>`: the template part is cut to 20 characters, and dropped altogether when
 * the name would exceed 80 characters (as recorded: `IT_img_tmpl_cancel_4hxa…_<guid>` for template1);
 * a very long resource group name is then cut too.
 */
export function stagingResourceGroupName(resourceGroup: string, template: string, id: string): string {
  const t = template.slice(0, TEMPLATE_PART_MAX);
  const full = `IT_${resourceGroup}_${t}_${id}`;
  if (full.length <= STAGING_MAX) return full;
  const room = STAGING_MAX - 'IT__'.length - id.length;
  return `IT_${resourceGroup.slice(0, room)}_${id}`;
}

/** Names of one build's staging resources. Packer shares one 10-character suffix per build. */
export interface BuildNames {
  container: string;
  vm: string;
  nic: string;
  osDisk: string;
  deployment: string;
  vnet: string;
  aciSubnet: string;
  vmSubnet: string;
  peSubnet: string;
  aciNsg: string;
  vmNsg: string;
  pls: string;
  plsNic: string;
  privateEndpoint: string;
  peNic: string;
  loadBalancer: string;
  proxyVm: string;
  proxyNic: string;
  proxyDisk: string;
}

export function buildNames(rand: Rand, windows: boolean, when: Date): BuildNames {
  const sfx = randomString(rand, 10);
  const aib = randomString(rand, 5);
  const stamp = when
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14);
  const pls = `aibpls${aib}`;
  return {
    container: `vmimagebuilder-build-container-${randomString(rand, 10, '0123456789')}`,
    vm: `pkrvm${sfx}`,
    nic: `pkrni${sfx}`,
    osDisk: `pkros${sfx}`,
    deployment: `pkrdp${sfx}`,
    vnet: `vmimagebuilder-vnet-${aib}`,
    aciSubnet: 'vmimagebuilder-aci-subnet',
    vmSubnet: 'vmimagebuilder-vm-subnet',
    peSubnet: 'vmimagebuilder-pe-subnet',
    aciNsg: `vmimagebuilder-aci-nsg-${aib}`,
    vmNsg: `vmimagebuilder-vm-nsg-${aib}`,
    pls,
    plsNic: `${pls}.nic.${guid(rand)}`,
    privateEndpoint: `aibpe${aib}`,
    peNic: `aibpe${aib}.nic.${guid(rand)}`,
    loadBalancer: `aiblb${aib}`,
    proxyVm: `aibproxyvm${aib}`,
    proxyNic: `aibproxyvm${aib}-nic`,
    proxyDisk: `${windows ? 'proxyVmDiskWin' : 'proxyVmDiskLinux'}_${stamp}`,
  };
}

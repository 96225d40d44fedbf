// The fields AIB knows, per api-version (docs/azure/image-builder.md). From 2024-02-01 the service is case-sensitive
// and rejects unknown fields with "Unmarshalling entity encountered error"; older versions ignore them
// (Go's default JSON decoding), which we reproduce by dropping them.
import { ArmError } from '../../core/errors.ts';
import { atLeast, goPackage, strictFrom } from './versions.ts';

type Schema =
  | { k: 'leaf'; t?: 'int32' | 'bool' | 'string' }
  | { k: 'obj'; fields: Fields }
  | { k: 'arr'; items: Schema }
  | { k: 'map'; value: Schema }
  | { k: 'union'; disc: string; common: Fields; variants: Record<string, Fields> };

interface Field {
  s: Schema;
  /** First api-version that knows the field. */
  since?: string;
}
type Fields = Record<string, Field>;

const leaf: Schema = { k: 'leaf' };
const int32: Schema = { k: 'leaf', t: 'int32' };
const bool: Schema = { k: 'leaf', t: 'bool' };
const str: Schema = { k: 'leaf', t: 'string' };
const f = (s: Schema = leaf, since?: string): Field => (since ? { s, since } : { s });
const obj = (fields: Fields): Schema => ({ k: 'obj', fields });
const arr = (items: Schema): Schema => ({ k: 'arr', items });
const map = (value: Schema = leaf): Schema => ({ k: 'map', value });
const leaves = (...names: string[]): Fields => Object.fromEntries(names.map((n) => [n, f()]));

const userAssigned = obj(leaves('principalId', 'clientId'));
const identity = obj({ type: f(), userAssignedIdentities: f(map(userAssigned)) });

const source: Schema = {
  k: 'union',
  disc: 'type',
  common: {},
  variants: {
    PlatformImage: {
      ...leaves('publisher', 'offer', 'sku', 'version'),
      exactVersion: f(leaf, '2021-10-01'),
      planInfo: f(obj(leaves('planName', 'planProduct', 'planPublisher'))),
    },
    ManagedImage: leaves('imageId'),
    SharedImageVersion: { imageVersionId: f(), exactVersion: f(leaf, '2022-07-01') },
  },
};

const scriptFields: Fields = { scriptUri: f(str), inline: f(), sha256Checksum: f(str) };
const psFields = {
  ...scriptFields,
  runElevated: f(bool),
  runAsSystem: f(bool),
  validExitCodes: f(arr(int32)),
};
const fileFields = leaves('sourceUri', 'destination', 'sha256Checksum');

const customizer: Schema = {
  k: 'union',
  disc: 'type',
  common: leaves('name'),
  variants: {
    Shell: scriptFields,
    PowerShell: psFields,
    WindowsRestart: leaves('restartCommand', 'restartCheckCommand', 'restartTimeout'),
    WindowsUpdate: { searchCriteria: f(str), filters: f(arr(str)), updateLimit: f(int32) },
    File: fileFields,
  },
};

const validator: Schema = {
  k: 'union',
  disc: 'type',
  common: leaves('name'),
  variants: { Shell: scriptFields, PowerShell: psFields, File: { ...fileFields } },
};

const distributor: Schema = {
  k: 'union',
  disc: 'type',
  common: { runOutputName: f(), artifactTags: f(map()) },
  variants: {
    ManagedImage: leaves('imageId', 'location'),
    SharedImage: {
      ...leaves('galleryImageId', 'replicationRegions', 'excludeFromLatest', 'storageAccountType'),
      targetRegions: f(arr(obj(leaves('name', 'replicaCount', 'storageAccountType'))), '2022-07-01'),
      versioning: f(obj(leaves('scheme', 'major')), '2022-07-01'),
      replicationMode: f(leaf, '2025-10-01'),
    },
    VHD: { uri: f(leaf, '2022-07-01') },
  },
};

const vnetConfig = obj({
  subnetId: f(),
  proxyVmSize: f(leaf, '2021-10-01'),
  containerInstanceSubnetId: f(leaf, '2024-02-01'),
});

const vmProfile = obj({
  vmSize: f(str),
  osDiskSizeGB: f(int32),
  userAssignedIdentities: f(arr(leaf), '2021-10-01'),
  vnetConfig: f(vnetConfig),
});

const templateProperties = obj({
  source: f(source),
  customize: f(arr(customizer)),
  optimize: f(
    obj({
      vmBoot: f(obj(leaves('state')), '2022-07-01'),
      workload: f(obj(leaves('state', 'scriptUri', 'sha256Checksum')), '2025-10-01'),
    }),
    '2022-07-01',
  ),
  validate: f(
    obj({
      ...leaves('continueDistributeOnFailure', 'sourceValidationOnly'),
      inVMValidations: f(arr(validator)),
    }),
    '2022-02-14',
  ),
  distribute: f(arr(distributor)),
  errorHandling: f(obj(leaves('onCustomizerError', 'onValidationError')), '2023-07-01'),
  buildTimeoutInMinutes: f(int32),
  vmProfile: f(vmProfile),
  additionalDataDisks: f(arr(obj({ sizeGB: f(int32) })), '2025-10-01'),
  stagingResourceGroup: f(leaf, '2022-02-14'),
  exactStagingResourceGroup: f(leaf, '2022-02-14'),
  autoRun: f(obj(leaves('state')), '2024-02-01'),
  managedResourceTags: f(map(), '2024-02-01'),
  provisioningState: f(),
  provisioningError: f(obj(leaves('provisioningErrorCode', 'message'))),
  lastRunStatus: f(obj(leaves('startTime', 'endTime', 'runState', 'runSubState', 'message'))),
});

// `systemData` is in the specs from 2021-10-01 (accepted in bodies); the service never sends it (recorded).
const envelopeFields: Fields = {
  ...leaves('id', 'name', 'type', 'location'),
  systemData: f(leaf, '2021-10-01'),
  tags: f(map()),
};

const SCHEMAS = {
  ImageTemplate: obj({ ...envelopeFields, identity: f(identity), properties: f(templateProperties) }),
  ImageTemplateUpdateParameters: obj({
    identity: f(identity),
    tags: f(map()),
    properties: f(
      obj({
        distribute: f(arr(distributor), '2023-07-01'),
        vmProfile: f(vmProfile, '2024-02-01'),
      }),
      '2023-07-01',
    ),
  }),
  Trigger: obj({
    ...leaves('id', 'name', 'type', 'systemData'),
    properties: f(
      obj({ kind: f(), status: f(obj(leaves('code', 'message', 'time'))), provisioningState: f() }),
    ),
  }),
} satisfies Record<string, Schema>;

export type SchemaName = keyof typeof SCHEMAS;

const goField = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** AIB's text for an unknown or mis-cased field (2024-02-01+). */
export function unmarshallingError(
  version: string,
  typeName: string,
  path: string[],
  field: string,
): ArmError {
  const struct = path.map((p) => `struct field ${goField(p)}: `).join('');
  return new ArmError(
    400,
    'BadRequest',
    `Unmarshalling entity encountered error: unmarshalling type *${goPackage(version)}.${typeName}: ${struct}unknown field "${field}". ` +
      'There is an issue with the syntax with the JSON template you are submitting. Please check the JSON template and resubmit. ' +
      'For more details visit http://aka.ms/azvmimagebuildertmplref.',
  );
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** Go's decoding error for a value of the wrong JSON type, wrapped as AIB wraps it (all versions). */
function typeError(
  version: string,
  typeName: string,
  path: string[],
  value: unknown,
  want: string,
): ArmError {
  const field = path[path.length - 1] ?? '';
  const struct = path
    .slice(0, -1)
    .map((p) => `struct field ${goField(p)}: `)
    .join('');
  return new ArmError(
    400,
    'BadRequest',
    `Unmarshalling entity encountered error: unmarshalling type *${goPackage(version)}.${typeName}: ${struct}json: cannot unmarshal ${jsonKind(value)} into Go struct field .${field} of type ${want}. ` +
      'There is an issue with the syntax with the JSON template you are submitting. Please check the JSON template and resubmit. ' +
      'For more details visit http://aka.ms/azvmimagebuildertmplref.',
  );
}

function known(fields: Fields, version: string): Map<string, Schema> {
  const out = new Map<string, Schema>();
  for (const [name, fd] of Object.entries(fields))
    if (!fd.since || atLeast(version, fd.since)) out.set(name, fd.s);
  return out;
}

function walk(
  value: unknown,
  schema: Schema,
  version: string,
  typeName: string,
  path: string[],
  strict: boolean,
  typed = true,
): unknown {
  if (value === null || value === undefined) return value;
  switch (schema.k) {
    case 'leaf': {
      const want = schema.t;
      const ok =
        !want ||
        !typed ||
        (want === 'int32' && typeof value === 'number' && Number.isInteger(value)) ||
        (want === 'bool' && typeof value === 'boolean') ||
        (want === 'string' && typeof value === 'string');
      if (!ok) throw typeError(version, typeName, path, value, want ?? 'string');
      return value;
    }
    case 'arr':
      return Array.isArray(value)
        ? value.map((v) => walk(v, schema.items, version, typeName, path, strict, typed))
        : value;
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value))
        out[k] = walk(v, schema.value, version, typeName, path, strict, typed);
      return out;
    }
    case 'obj':
    case 'union': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const rec = value as Record<string, unknown>;
      let fields: Map<string, Schema>;
      if (schema.k === 'obj') fields = known(schema.fields, version);
      else {
        const variant =
          typeof rec[schema.disc] === 'string' ? schema.variants[rec[schema.disc] as string] : undefined;
        // An unknown discriminator is a validation error, reported later; accept every variant's fields here.
        const all: Fields = variant ? { ...schema.common, ...variant } : { ...schema.common };
        if (!variant) for (const v of Object.values(schema.variants)) Object.assign(all, v);
        fields = known(all, version);
        fields.set(schema.disc, leaf);
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rec)) {
        const s = fields.get(k);
        if (!s) {
          if (strict) throw unmarshallingError(version, typeName, path, k);
          continue;
        }
        out[k] = walk(v, s, version, typeName, [...path, k], strict, typed);
      }
      return out;
    }
  }
}

/**
 * Checks a request body against the fields `version` knows. From 2024-02-01 an unknown or mis-cased field
 * throws AIB's unmarshalling error; before, unknown fields are dropped. Returns the body to use.
 */
export function checkFields(body: unknown, name: SchemaName, version: string, typed = true): unknown {
  return walk(body, SCHEMAS[name], version, name, [], atLeast(version, strictFrom), typed);
}

// What local ARM checks in a request body before any provider sees it, as Resource Manager does at its
// front door: JSON no deeper than ARM's reader allows, and `tags` as ARM validates them.
//
// Depth: ARM reads bodies with a JSON reader whose maximum depth is 64; a deeper body is refused with
// 400 InvalidRequestContent. Checking the text before parsing keeps the recursive code behind it (the
// merge patch, the world's deep copies) away from hostile nesting: deep JSON is never a 500.
//
// Tags (Azure's documented limits): at most 50 per resource; a name is 1–512 characters (128 on a
// storage account) and may not contain < > % & \ ? / or control characters; a value is a string of at
// most 256 characters. Codes: InvalidTags (count), InvalidTagName (empty or too long),
// InvalidTagNameCharacters, InvalidTagValueLength; a value that is not a string cannot be read as a
// tag at all and is InvalidRequestContent, as ARM's deserializer answers it.
import { ArmError } from '../core/errors.ts';

export const MAX_JSON_DEPTH = 64;
export const MAX_TAGS = 50;
export const MAX_TAG_NAME = 512;
export const MAX_STORAGE_TAG_NAME = 128;
export const MAX_TAG_VALUE = 256;
// eslint-disable-next-line no-control-regex
const RESERVED_TAG_NAME_CHARS = /[<>%&\\?/\u0000-\u001f\u007f]/;

const invalidContent = (why: string): ArmError =>
  new ArmError(
    400,
    'InvalidRequestContent',
    `The request content was invalid and could not be deserialized: '${why}'.`,
  );

/** The deepest nesting of objects and arrays in a JSON text (strings skipped), scanning without recursion. */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

/** Parses a request body as ARM reads it: too deep or malformed JSON is 400 InvalidRequestContent. */
export function parseRequestJson(text: string): unknown {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw invalidContent(`The JSON nesting exceeds the maximum depth of ${MAX_JSON_DEPTH}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw invalidContent(e instanceof Error ? e.message : 'invalid JSON');
  }
}

export interface TagRules {
  /** The resource type the body is for (storage accounts allow shorter tag names). */
  resourceType?: string;
  /** PATCH merges tags: a null value removes a tag instead of being one. */
  allowNullValues?: boolean;
}

/** Throws ARM's error for `tags` that ARM would refuse; `undefined` and `null` mean "no tags given". */
export function validateTags(tags: unknown, rules: TagRules = {}): void {
  if (tags === undefined || tags === null) return;
  if (typeof tags !== 'object' || Array.isArray(tags)) {
    throw invalidContent(
      `'tags' must be an object of string values, not ${Array.isArray(tags) ? 'an array' : typeof tags}`,
    );
  }
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > MAX_TAGS) {
    throw new ArmError(
      400,
      'InvalidTags',
      `Too many tags: ${entries.length} were given and a resource may have at most ${MAX_TAGS}.`,
    );
  }
  const maxName = /^microsoft\.storage\/storageaccounts$/i.test(rules.resourceType ?? '')
    ? MAX_STORAGE_TAG_NAME
    : MAX_TAG_NAME;
  const badChars: string[] = [];
  for (const [name, value] of entries) {
    if (name.trim().length === 0) {
      throw new ArmError(400, 'InvalidTagName', 'A tag name must be non-empty and not only white space.');
    }
    if (name.length > maxName) {
      throw new ArmError(
        400,
        'InvalidTagName',
        `The tag name '${name.slice(0, 32)}…' has ${name.length} characters; the maximum is ${maxName}.`,
      );
    }
    if (RESERVED_TAG_NAME_CHARS.test(name)) badChars.push(name);
    if (value === null && rules.allowNullValues) continue;
    if (typeof value !== 'string') {
      throw invalidContent(
        `The value of tag '${name}' must be a string, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
      );
    }
    if (value.length > MAX_TAG_VALUE) {
      throw new ArmError(
        400,
        'InvalidTagValueLength',
        `The value of tag '${name}' has ${value.length} characters; the maximum is ${MAX_TAG_VALUE}.`,
      );
    }
  }
  if (badChars.length > 0) {
    throw new ArmError(
      400,
      'InvalidTagNameCharacters',
      `The tag names '${badChars.join(',')}' contain reserved characters (<, >, %, &, \\, ?, /) or control characters.`,
    );
  }
}

// Resource names: whatever a type allows besides, Resource Manager itself refuses a name that contains
// < > % & : \ ? / # or a control character — markup never becomes a resource name. Per-type rules
// (image templates, resource groups) stay with their providers.
// eslint-disable-next-line no-control-regex
const RESERVED_NAME_CHARS = /[<>%&:\\?/#\u0000-\u001f\u007f]/;

/** Throws 400 InvalidResourceName when a PUT would create a resource whose name ARM refuses. */
export function validateResourceName(method: string, name: string | undefined): void {
  if (method !== 'PUT' || name === undefined) return;
  if (RESERVED_NAME_CHARS.test(name)) {
    throw new ArmError(
      400,
      'InvalidResourceName',
      `The resource name '${name}' is invalid: a resource name cannot contain <, >, %, &, :, \\, ?, /, # or control characters.`,
    );
  }
}

/** The checks ARM makes on a PUT/PATCH body before the provider: the top-level `tags`. */
export function validateRequestContent(method: string, body: unknown, resourceType?: string): void {
  if (method !== 'PUT' && method !== 'PATCH') return;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  if (!('tags' in body)) return;
  validateTags((body as { tags?: unknown }).tags, {
    ...(resourceType ? { resourceType } : {}),
    allowNullValues: method === 'PATCH',
  });
}

// Azure region names: ARM writes a location as `eastus`, portals and some APIs as `East US`.

/** Whether two region names are the same region (compared without spaces and case); false for empty. */
export function sameLocation(a: string | undefined, b: string | undefined): boolean {
  const n = (s: string | undefined) => (s ?? '').replace(/\s+/g, '').toLowerCase();
  return n(a) !== '' && n(a) === n(b);
}

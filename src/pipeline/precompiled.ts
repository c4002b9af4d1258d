// The templates compiled to JavaScript at build time: scripts/build.js bundles a generated module in
// place of this one. Run from source (tests under tsx), there are none and templates compile as they load.
export const precompiled: Record<string, unknown> | undefined = undefined;

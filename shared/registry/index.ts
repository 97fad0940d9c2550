export { loadRegistry, parseRegistry, RegistryError } from "./load.ts";
export { parseResolveTarget, registrySchema } from "./schema.ts";

// The CycloneDX upload's server side (decision 253): the BOM is validated against the
// official JSON schema of its spec version, with the schemas @cyclonedx/cyclonedx-library
// ships (ajv, no network), before its services and components become draft rows.
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { type BomImport, type BomResult, mapBom, readBomJson, type SpecVersion } from "./cyclonedx";

const VERSIONS: Record<SpecVersion, Spec.Version> = {
  "1.4": Spec.Version.v1dot4,
  "1.5": Spec.Version.v1dot5,
  "1.6": Spec.Version.v1dot6,
  "1.7": Spec.Version.v1dot7,
};

// Compiling a schema takes a moment; each version's validator is made once per process.
const validators = new Map<SpecVersion, Validation.JsonValidator>();

type AjvError = { instancePath?: string; message?: string; params?: Record<string, unknown> };

function describe(errors: unknown): string {
  const first = (Array.isArray(errors) ? errors[0] : undefined) as AjvError | undefined;
  if (!first) return "it does not match the schema";
  const where = first.instancePath ? `at ${first.instancePath}` : "at its top level";
  const allowed = Array.isArray(first.params?.allowedValues)
    ? ` (${(first.params.allowedValues as unknown[]).join(", ")})`
    : "";
  const extra =
    typeof first.params?.additionalProperty === "string"
      ? ` “${first.params.additionalProperty}”`
      : "";
  return `${where}: ${first.message ?? "invalid"}${allowed}${extra}`.slice(0, 400);
}

/**
 * An uploaded BOM as draft supplier rows with notes, or one clear message: not JSON, too large
 * or deep, not CycloneDX, a version not read, not valid against its schema, or a shape the
 * mapping cannot read. Nothing is stored here.
 */
export async function importCycloneDx(input: string | Uint8Array): Promise<BomResult<BomImport>> {
  const read = readBomJson(input);
  if (!read.ok) return read;
  const { bom, specVersion, text } = read.value;
  let validator = validators.get(specVersion);
  if (!validator) {
    validator = new Validation.JsonValidator(VERSIONS[specVersion]);
    validators.set(specVersion, validator);
  }
  const errors = await validator.validate(text);
  if (errors !== null)
    return {
      ok: false,
      error: `The file is not valid CycloneDX ${specVersion}: ${describe(errors)}.`,
    };
  return mapBom(bom, specVersion);
}

// The vendor profile's schema. Apart from risk.ts, whose tiers and labels the browser code of
// many pages uses, so that those pages do not carry zod for it (decision 411).
import { z } from "zod";
import { CRITICALITY, DATA_ACCESS } from "./risk";

/** One schema for a vendor profile, whether it comes from a form, a file or the API. */
export const VendorProfileSchema = z
  .object({
    dataAccess: z.enum(DATA_ACCESS),
    criticality: z.enum(CRITICALITY),
  })
  .strict();

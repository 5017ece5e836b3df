// The admin forms for webhook endpoints (client and server parse with the same schemas).
import { z } from "zod";
import { EVENT_TYPES } from "./events";

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("")])
  .optional()
  .transform((v) => v === "on" || v === "true");

export const CreateEndpointSchema = z.object({
  intent: z.literal("create"),
  name: z
    .string({ required_error: "Enter a name for the endpoint" })
    .trim()
    .min(1, "Enter a name for the endpoint")
    .max(100, "Names are at most 100 characters"),
  url: z
    .string({ required_error: "Enter the endpoint's URL" })
    .trim()
    .min(1, "Enter the endpoint's URL")
    .max(2000, "URLs are at most 2000 characters")
    .url("Enter a full URL, such as https://hooks.example.com/assay"),
  events: z
    .union([z.enum(EVENT_TYPES), z.array(z.enum(EVENT_TYPES))], {
      required_error: "Choose at least one event",
      invalid_type_error: "Choose events from the list",
    })
    .transform((v) => [...new Set(Array.isArray(v) ? v : [v])])
    .pipe(z.array(z.enum(EVENT_TYPES)).min(1, "Choose at least one event")),
  format: z.enum(["json", "slack"], { errorMap: () => ({ message: "Choose a format" }) }),
  includeAnswers: checkbox,
  allowPrivateNetwork: checkbox,
});
export type CreateEndpointInput = z.output<typeof CreateEndpointSchema>;

const endpointId = z.string().uuid("Choose an endpoint");

export const EndpointActionSchema = z.discriminatedUnion("intent", [
  CreateEndpointSchema,
  z.object({ intent: z.literal("test"), endpointId }),
  z.object({ intent: z.literal("disable"), endpointId }),
  z.object({ intent: z.literal("enable"), endpointId }),
  z.object({ intent: z.literal("delete"), endpointId }),
  z.object({
    intent: z.literal("redeliver"),
    endpointId,
    deliveryId: z.coerce.number().int().positive("Choose a delivery"),
  }),
]);

// The trend page's query string: the two assessments to diff (both, or neither for the
// vendor's last two on one questionnaire).
import { z } from "zod";
import { describeZodError, type ParseResult, searchParamsObject } from "~/dashboard/filter-schemas";

export const TrendQuerySchema = z
  .object({
    from: z.string().uuid("from must be an assessment id").toLowerCase().optional(),
    to: z.string().uuid("to must be an assessment id").toLowerCase().optional(),
  })
  .strict();
export type TrendQuery = z.output<typeof TrendQuerySchema>;

export function parseTrendQuery(params: URLSearchParams): ParseResult<TrendQuery> {
  const raw = searchParamsObject(params, { ignore: ["export"] });
  if (!raw.ok) return raw;
  const parsed = TrendQuerySchema.safeParse(raw.value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: describeZodError(parsed.error) };
}

import { type Tier } from "~/scoring/risk";

export function TierTag({ tier }: { tier: Tier }) {
  return <span className={`tag tier-${tier}`}>{tier}</span>;
}

/** A tier, or "None (not scored)" where there is none yet (the result page and the report). */
export function TierOrNone({ tier }: { tier: Tier | null }) {
  return tier ? <TierTag tier={tier} /> : <>None (not scored)</>;
}

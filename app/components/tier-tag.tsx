import { type Tier } from "~/scoring/risk";

export function TierTag({ tier }: { tier: Tier }) {
  return <span className={`tag tier-${tier}`}>{tier}</span>;
}

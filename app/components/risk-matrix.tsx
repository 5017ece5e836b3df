import { ScrollRegion } from "~/components/scroll-region";
import { riskMatrixRows, type Tier, TIERS } from "~/scoring/risk";
import { TierTag } from "./tier-tag";

/**
 * The 4×4 matrix that gives the risk rating, with the cell for this assessment marked (in
 * words, not by colour alone), so the rating is explained where it is shown
 * (docs/decisions/273-risk-matrix-explained.md).
 */
export function RiskMatrix({ inherent, residual }: { inherent: Tier; residual: Tier }) {
  return (
    <details className="risk-matrix">
      <summary>How the risk rating is found</summary>
      <ScrollRegion label="Risk rating matrix">
        <table>
          <caption>
            The rating for each inherent tier (rows) and residual tier (columns). This assessment:{" "}
            {inherent} inherent, {residual} residual.
          </caption>
          <thead>
            <tr>
              <td />
              {TIERS.map((t) => (
                <th scope="col" key={t}>
                  {t} residual
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {riskMatrixRows().map((row) => (
              <tr key={row.inherent}>
                <th scope="row">{row.inherent} inherent</th>
                {row.ratings.map((rating, i) => {
                  const here = row.inherent === inherent && TIERS[i] === residual;
                  return (
                    <td key={i} className={here ? "risk-matrix__here" : undefined}>
                      <TierTag tier={rating} />
                      {here ? (
                        <strong className="risk-matrix__marker"> ← this assessment</strong>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </details>
  );
}

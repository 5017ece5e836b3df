import { Link } from "@remix-run/react";
import {
  CRITICALITY_LABELS,
  type Criticality,
  type DataAccess,
  DATA_ACCESS_LABELS,
  type Tier,
} from "~/scoring/risk";
import { VENDOR_CATEGORY_LABELS, type VendorCategory } from "~/vendors/vendors";
import { TierTag } from "./tier-tag";
import { ScrollRegion } from "./scroll-region";

export type VendorRow = {
  id: string;
  name: string;
  website: string | null;
  category: VendorCategory;
  dataAccess: DataAccess;
  criticality: Criticality;
  ownerName: string | null;
  inherentTier: Tier;
};

export function VendorTable({ vendors }: { vendors: VendorRow[] }) {
  if (vendors.length === 0) return <p>No vendors yet.</p>;
  return (
    <ScrollRegion label="Vendors">
      <table>
        <thead>
          <tr>
            <th scope="col">Vendor</th>
            <th scope="col">Category</th>
            <th scope="col">Data access</th>
            <th scope="col">Criticality</th>
            <th scope="col">Inherent risk</th>
            <th scope="col">Owner</th>
          </tr>
        </thead>
        <tbody>
          {vendors.map((v) => (
            <tr key={v.id}>
              <th scope="row">
                <Link to={`/vendors/${v.id}`}>{v.name}</Link>
                {v.website ? (
                  <>
                    <br />
                    <a href={v.website} rel="noreferrer noopener" target="_blank">
                      {v.website.replace(/^https?:\/\//, "")}
                      <span className="visually-hidden"> (opens in a new tab)</span>
                    </a>
                  </>
                ) : null}
              </th>
              <td>{VENDOR_CATEGORY_LABELS[v.category]}</td>
              <td>{DATA_ACCESS_LABELS[v.dataAccess]}</td>
              <td>{CRITICALITY_LABELS[v.criticality]}</td>
              <td>
                <TierTag tier={v.inherentTier} />
              </td>
              <td>{v.ownerName ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

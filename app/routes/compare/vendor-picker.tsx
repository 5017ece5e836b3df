// The compare page's vendor picker: a paged name search among the vendors with a scored
// assessment on the chosen questionnaire, and the vendors chosen so far (decision 081).
import { Form } from "@remix-run/react";
import { MAX_COMPARED, MIN_COMPARED } from "~/compare/compare";
import { compareHref, MAX_SEARCH_LENGTH, type PickerState } from "~/compare/compare-query";
import { type Chosen, type VendorSearchResult } from "~/compare/compare.server";
import { TextField } from "~/components/form";
import { RowLink, useRowLinks } from "~/components/row-link";
import { StateFields } from "./state-fields";

const numberFormat = new Intl.NumberFormat("en-GB");

function vendorsNoun(n: number) {
  return `${numberFormat.format(n)} vendor${n === 1 ? "" : "s"}`;
}

function chosenSummary(count: number): string {
  if (count === 0) return `None chosen yet: add ${MIN_COMPARED} to ${MAX_COMPARED} vendors.`;
  if (count < MIN_COMPARED)
    return `${count} chosen: add at least ${MIN_COMPARED - count} more to compare.`;
  if (count === MAX_COMPARED)
    return `${count} chosen, the most that can be compared: remove one to add another.`;
  if (count > MAX_COMPARED) return `${count} chosen: remove ${count - MAX_COMPARED} to compare.`;
  return `${count} chosen (at most ${MAX_COMPARED}).`;
}

function resultSummary({ total, more, page, pageSize, vendors }: VendorSearchResult, q: string) {
  const matching = q ? ` matching “${q}”` : "";
  if (total === null) return `No vendors${matching} on page ${numberFormat.format(page)}.`;
  if (total === 0)
    return q
      ? `No vendor matching “${q}” has a submitted, scored assessment on this questionnaire.`
      : "No vendor has a submitted, scored assessment on this questionnaire.";
  const of = more ? `more than ${vendorsNoun(total)}` : vendorsNoun(total);
  if (total <= pageSize && !more) return `${of}${matching}`;
  const from = (page - 1) * pageSize + 1;
  return `Showing ${numberFormat.format(from)}–${numberFormat.format(from + vendors.length - 1)} of ${of}${matching}`;
}

function hasNext({ total, page, pageSize }: VendorSearchResult) {
  return total !== null && page * pageSize < total;
}

/** "Page 2 of 3", or "Page 2 of more than 6" when the matches were not all counted. */
function pagesSummary({ total, more, page, pageSize }: VendorSearchResult) {
  const pages = Math.ceil((total ?? 0) / pageSize);
  return `Page ${numberFormat.format(page)} of ${more ? "more than " : ""}${numberFormat.format(pages)}`;
}

/**
 * The chosen vendors (each removable) and a name search over the questionnaire's comparable
 * vendors, a page at a time. Every control is a GET link or form carrying the whole state.
 * Adding or removing from a result row keeps focus on the same link (React keeps the element),
 * and the counts are status messages, so screen readers hear what changed.
 */
export function VendorPicker({
  state,
  chosen,
  results,
  compared,
  formKey,
}: {
  state: PickerState;
  chosen: Chosen[];
  results: VendorSearchResult | null;
  compared: number;
  formKey: string;
}) {
  const chosenVendors = new Set(state.vendor);
  const full = chosen.length >= MAX_COMPARED;
  const without = (by: Chosen["by"], id: string) =>
    compareHref({
      ...state,
      vendor: by === "vendor" ? state.vendor.filter((v) => v !== id) : state.vendor,
      assessment: by === "assessment" ? state.assessment.filter((a) => a !== id) : state.assessment,
    });
  const withVendor = (vendorId: string) =>
    compareHref({ ...state, vendor: [...state.vendor, vendorId] });
  // Its links are plain anchors that one listener navigates (decision 430).
  const rowLinks = useRowLinks<HTMLElement>();
  return (
    <section className="panel" aria-labelledby="vendors-title" ref={rowLinks}>
      <h2 id="vendors-title">Vendors to compare</h2>
      <p className="hint">
        Each vendor is compared on its latest submitted, scored assessment on any version of this
        questionnaire.
      </p>

      <h3 id="chosen-title">Chosen vendors</h3>
      <p role="status" className="result-count">
        {chosenSummary(chosen.length)}
      </p>
      {chosen.length > 0 ? (
        <ul className="pick-list" aria-labelledby="chosen-title">
          {chosen.map((c) => (
            <li key={`${c.by}-${c.by === "vendor" ? c.vendorId : c.assessmentId}`}>
              <span>
                {c.vendorName}{" "}
                <span className="hint">
                  (version {c.version}, submitted {c.submittedOn}
                  {c.by === "assessment" ? ", this assessment" : ""})
                </span>
              </span>
              <RowLink
                to={without(c.by, c.by === "vendor" ? c.vendorId : c.assessmentId)}
                preventScrollReset
              >
                Remove<span className="visually-hidden"> {c.vendorName}</span>
              </RowLink>
            </li>
          ))}
        </ul>
      ) : null}
      {compared > 0 ? (
        <p>
          <a href="#comparison">Go to the comparison of {compared} vendors</a>
        </p>
      ) : null}

      <h3 id="find-title">Find vendors</h3>
      <Form method="get" role="search" aria-labelledby="find-title" key={formKey}>
        {/* A new search starts on its first page; the rest of the state is kept. */}
        <StateFields state={{ ...state, q: undefined, page: undefined }} />
        <div className="inline-form">
          <TextField
            label="Vendor name"
            name="q"
            type="search"
            hint="Part of the name; leave it empty to list them all"
            defaultValue={state.q}
            maxLength={MAX_SEARCH_LENGTH}
            spellCheck={false}
          />
          <div className="field">
            <button type="submit" className="button--secondary">
              Search
            </button>
          </div>
        </div>
      </Form>
      {results ? (
        <>
          <p role="status" className="result-count" id="results-count">
            {resultSummary(results, state.q ?? "")}
          </p>
          {results.vendors.length > 0 ? (
            <ul className="pick-list" aria-labelledby="find-title">
              {results.vendors.map((v) => {
                const isChosen = chosenVendors.has(v.vendorId);
                return (
                  <li key={v.vendorId}>
                    <span>
                      {v.vendorName}{" "}
                      <span className="hint">
                        (version {v.version}, submitted {v.submittedOn})
                      </span>
                    </span>
                    {isChosen ? (
                      <RowLink to={without("vendor", v.vendorId)} preventScrollReset>
                        Remove<span className="visually-hidden"> {v.vendorName}</span>
                      </RowLink>
                    ) : full ? (
                      <span className="hint">Limit of {MAX_COMPARED} reached</span>
                    ) : (
                      <RowLink to={withVendor(v.vendorId)} preventScrollReset>
                        Add<span className="visually-hidden"> {v.vendorName}</span>
                      </RowLink>
                    )}
                  </li>
                );
              })}
            </ul>
          ) : results.total === null ? (
            <p>
              <RowLink to={`${compareHref({ ...state, page: 1 })}#find-title`}>
                Go to the first page
              </RowLink>
            </p>
          ) : null}
          {results.vendors.length > 0 && (results.page > 1 || hasNext(results)) ? (
            <nav aria-label="Result pages" className="pager actions">
              {results.page > 1 ? (
                <RowLink
                  to={`${compareHref({ ...state, page: results.page - 1 })}#find-title`}
                  rel="prev"
                >
                  Previous page
                </RowLink>
              ) : null}
              <span>{pagesSummary(results)}</span>
              {hasNext(results) ? (
                <RowLink
                  to={`${compareHref({ ...state, page: results.page + 1 })}#find-title`}
                  rel="next"
                >
                  Next page
                </RowLink>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

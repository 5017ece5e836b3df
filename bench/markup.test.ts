import fc from "fast-check";
import { createElement, Fragment, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { countElements, decodeEntities, findElement, parseMarkup, withoutNodes } from "./markup";
import { dataUrl } from "./mirror";
import { renderNodes, toMirror } from "./mirror-render";

/** What the mirror app writes for markup React wrote: parsed, made into elements, rendered. */
const again = (html: string) =>
  renderToString(createElement(Fragment, null, ...renderNodes(toMirror(parseMarkup(html)))));

describe("parseMarkup", () => {
  it("reads React's markup into elements and decoded texts, without comments", () => {
    const nodes = parseMarkup(
      '<!DOCTYPE html><p class="a" data-x="1&amp;2">Tom &amp; Jerry<!-- --> &lt;3<br/><input disabled="" value="&quot;q&quot;"/></p>',
    );
    expect(nodes).toEqual([
      {
        tag: "p",
        attributes: [
          ["class", "a"],
          ["data-x", "1&2"],
        ],
        children: [
          "Tom & Jerry",
          " <3",
          { tag: "br", attributes: [], children: [] },
          {
            tag: "input",
            attributes: [
              ["disabled", ""],
              ["value", '"q"'],
            ],
            children: [],
          },
        ],
      },
    ]);
  });

  it("keeps a script's text as it is and closes void elements without a slash", () => {
    const nodes = parseMarkup(
      '<head><meta charset="utf-8"><script>if (a < b) x("</p>")</script></head>',
    );
    const head = findElement(nodes, "head")!;
    expect(head.children).toEqual([
      { tag: "meta", attributes: [["charset", "utf-8"]], children: [] },
      { tag: "script", attributes: [], children: ['if (a < b) x("</p>")'] },
    ]);
    expect(withoutNodes(nodes, (e) => e.tag === "script")).toEqual([
      { tag: "head", attributes: [], children: [head.children[0]] },
    ]);
    expect(countElements(nodes)).toBe(3);
  });

  it("decodes numeric entities", () => {
    expect(decodeEntities("&#x27;a&#39; &#8212; &unknown;")).toBe("'a' \u2014 &unknown;");
  });
});

describe("the mirror's markup", () => {
  it("is React's own markup again: classes, styles, booleans, forms, SVG, tables", () => {
    const tree = createElement(
      "main",
      { className: "page", style: { marginTop: 4, "--accent": "red" } as object },
      createElement("h1", { id: "t" }, "Vendors ", 12, " of ", 40),
      createElement(
        "form",
        { method: "post", action: "/x?y=1&z=2", noValidate: true },
        createElement("label", { htmlFor: "q" }, "Name"),
        createElement("input", {
          id: "q",
          name: "q",
          defaultValue: "A & B",
          required: true,
          "aria-describedby": "h",
        }),
        createElement("textarea", { name: "c", defaultValue: "line 1\n<line 2>", rows: 3 }),
        createElement(
          "select",
          { name: "s", defaultValue: "b" },
          createElement("option", { value: "a" }, "A"),
          createElement("option", { value: "b" }, "B"),
        ),
        createElement("button", { type: "submit", disabled: true, tabIndex: -1 }, "Save"),
      ),
      createElement(
        "table",
        null,
        createElement(
          "tbody",
          null,
          createElement("tr", null, createElement("td", { colSpan: 2 }, "Cell")),
        ),
      ),
      createElement(
        "svg",
        { viewBox: "0 0 10 10", role: "img", "aria-label": "chart" },
        createElement("path", { d: "M0 0L10 10", strokeWidth: 2, fill: "none" }),
        createElement("text", { x: 1, y: 2, textAnchor: "middle" }, "5"),
      ),
    );
    const html = renderToString(tree);
    expect(again(html)).toBe(html);
  });

  it("round-trips any tree of elements, attributes and texts (property)", () => {
    const text = fc.string({ maxLength: 12 });
    const attributes = fc.record(
      {
        className: fc.stringMatching(/^[a-z][a-z -]{0,10}$/),
        id: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
        title: text,
        "aria-label": text,
        "data-key": text,
        hidden: fc.boolean(),
        href: fc.webUrl(),
        style: fc.record(
          { color: fc.constantFrom("red", "#fff"), marginLeft: fc.integer({ min: 0, max: 9 }) },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    const { node } = fc.letrec<{ node: ReactNode }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        text,
        fc
          .tuple(
            fc.constantFrom("div", "span", "p", "a", "li", "strong"),
            attributes,
            fc.array(tie("node"), { maxLength: 4 }),
          )
          .map(([tag, props, children]) => createElement(tag, props, ...children)),
        fc
          .tuple(fc.constantFrom("br", "hr", "img"), attributes)
          .map(([tag, props]) => createElement(tag, props)),
      ),
    }));
    fc.assert(
      fc.property(fc.array(node, { minLength: 1, maxLength: 4 }), (nodes) => {
        const html = renderToString(createElement("section", null, ...nodes));
        expect(again(html)).toBe(html);
      }),
      { numRuns: 300 },
    );
  });
});

describe("dataUrl", () => {
  it("is Remix single fetch's data address of a document path", () => {
    expect(dataUrl("/")).toBe("/_root.data");
    expect(dataUrl("/vendors")).toBe("/vendors.data");
    expect(dataUrl("/compare?questionnaire=q&vendor=a&vendor=b")).toBe(
      "/compare.data?questionnaire=q&vendor=a&vendor=b",
    );
    expect(dataUrl("/supply-chain/providers/domain%3Ap.example")).toBe(
      "/supply-chain/providers/domain%3Ap.example.data",
    );
  });
});

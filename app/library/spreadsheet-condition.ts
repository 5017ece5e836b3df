// Show-if conditions as one spreadsheet cell: a small readable expression, or the JSON form
// of the same typed condition (docs/questionnaire-spreadsheet.md, "Show if"). Parsed by a
// hand-written recursive-descent parser into the Condition data structure; nothing is ever
// evaluated (docs/decisions/033-show-if-expressions.md). Pure.
//
//   expression := or
//   or         := and ("or" and)*            → { any: [...] }
//   and        := unary ("and" unary)*       → { all: [...] }
//   unary      := "not" unary | primary      → { not: ... }
//   primary    := "(" expression ")" | test
//   test       := name "=" value             → { equals }
//               | name "!=" value            → { not: { equals } }
//               | name "in" list             → { oneOf }
//               | name "not" "in" list       → { not: { oneOf } }
//   list       := "(" value ("," value)* ")"
//
// Names and values are bare words (ids, option values) or "JSON strings"; a bare number is a
// number (maturity levels). Parentheses group without adding a node, so `(a = x and b = y) and
// c = z` keeps its inner `all`, and printing then parsing gives back the same structure.
import { canonicalJson } from "~/questionnaire/canonical-json";
import { type Condition } from "~/questionnaire/definition";

export type ConditionParse = { ok: true; condition: unknown } | { ok: false; message: string };

const KEYWORDS = new Set(["and", "or", "not", "in"]);
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const BARE_WORD = /^[\p{L}\p{N}_.-]+$/u;
// Deep enough for any real condition, shallow enough that hostile input cannot exhaust the stack.
const MAX_DEPTH = 32;

/** The expression form when it reads back as exactly the same condition, otherwise JSON. */
export function formatCondition(condition: Condition): string {
  const expression = printExpression(condition);
  const reparsed = parseCondition(expression);
  return reparsed.ok && canonicalJson(reparsed.condition) === canonicalJson(condition)
    ? expression
    : JSON.stringify(condition);
}

/** A cell's text → the condition it describes (shape-checked later by the zod schema). */
export function parseCondition(text: string): ConditionParse {
  const source = text.trim();
  if (source.startsWith("{")) {
    try {
      return { ok: true, condition: JSON.parse(source) as unknown };
    } catch {
      // The engine's own JSON messages differ between Node versions; this one is stable.
      return {
        ok: false,
        message:
          'starts with "{" but is not valid JSON; write JSON like {"equals": {"question": "q1", "value": "yes"}}, or an expression like q1 = yes',
      };
    }
  }
  const tokens = tokenize(source);
  if (!Array.isArray(tokens)) return { ok: false, message: tokens.message };
  try {
    const parser = new Parser(tokens);
    const condition = parser.expression(0);
    parser.expectEnd();
    return { ok: true, condition };
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return { ok: false, message: error.message };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Printing

function printExpression(condition: Condition): string {
  if ("equals" in condition) {
    return `${printName(condition.equals.question)} = ${printValue(condition.equals.value)}`;
  }
  if ("oneOf" in condition) {
    return `${printName(condition.oneOf.question)} in ${printList(condition.oneOf.values)}`;
  }
  if ("not" in condition) {
    const inner = condition.not;
    if ("equals" in inner) {
      return `${printName(inner.equals.question)} != ${printValue(inner.equals.value)}`;
    }
    if ("oneOf" in inner) {
      return `${printName(inner.oneOf.question)} not in ${printList(inner.oneOf.values)}`;
    }
    if ("not" in inner) return `not ${printExpression(inner)}`;
    return `not (${printExpression(inner)})`;
  }
  const [parts, joiner] = "all" in condition ? [condition.all, " and "] : [condition.any, " or "];
  return parts
    .map((part) =>
      "all" in part || "any" in part ? `(${printExpression(part)})` : printExpression(part),
    )
    .join(joiner);
}

function printList(values: ReadonlyArray<string | number>): string {
  return `(${values.map(printValue).join(", ")})`;
}

function printName(name: string): string {
  return isBareWord(name) ? name : JSON.stringify(name);
}

function printValue(value: string | number): string {
  if (typeof value === "number") return String(value);
  return isBareWord(value) ? value : JSON.stringify(value);
}

function isBareWord(word: string): boolean {
  return BARE_WORD.test(word) && !NUMBER.test(word) && !KEYWORDS.has(word.toLowerCase());
}

// ---------------------------------------------------------------------------------------
// Parsing

type Token =
  | { kind: "word"; text: string; at: number }
  | { kind: "string"; text: string; at: number }
  | { kind: "number"; value: number; text: string; at: number }
  | { kind: "symbol"; text: "(" | ")" | "," | "=" | "!="; at: number };

class ConditionSyntaxError extends Error {}

function tokenize(source: string): Token[] | { message: string } {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    const at = index + 1;
    if (/\s/.test(char)) {
      index++;
    } else if (char === "(" || char === ")" || char === ",") {
      tokens.push({ kind: "symbol", text: char, at });
      index++;
    } else if (char === "=") {
      tokens.push({ kind: "symbol", text: "=", at });
      index += source[index + 1] === "=" ? 2 : 1;
    } else if (char === "!" && source[index + 1] === "=") {
      tokens.push({ kind: "symbol", text: "!=", at });
      index += 2;
    } else if (char === '"') {
      const match = /^"(?:[^"\\]|\\.)*"/.exec(source.slice(index));
      if (!match)
        return { message: `a quoted name or value starting at character ${at} is not closed` };
      try {
        tokens.push({ kind: "string", text: JSON.parse(match[0]) as string, at });
      } catch {
        return { message: `the quoted text at character ${at} is not valid` };
      }
      index += match[0].length;
    } else {
      const match = /^[\p{L}\p{N}_.-]+/u.exec(source.slice(index));
      if (!match) return { message: `unexpected "${char}" at character ${at}` };
      const text = match[0];
      tokens.push(
        NUMBER.test(text)
          ? { kind: "number", value: Number(text), text, at }
          : { kind: "word", text, at },
      );
      index += text.length;
    }
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  expression(depth: number): Condition {
    if (depth > MAX_DEPTH) throw new ConditionSyntaxError("the condition is nested too deeply");
    const parts = [this.conjunction(depth)];
    while (this.keyword("or")) parts.push(this.conjunction(depth));
    return parts.length === 1 ? parts[0]! : { any: parts };
  }

  expectEnd(): void {
    const token = this.tokens[this.index];
    if (token) {
      throw new ConditionSyntaxError(
        `unexpected ${describe(token)} at character ${token.at}; join tests with and / or`,
      );
    }
  }

  private conjunction(depth: number): Condition {
    const parts = [this.unary(depth)];
    while (this.keyword("and")) parts.push(this.unary(depth));
    return parts.length === 1 ? parts[0]! : { all: parts };
  }

  private unary(depth: number): Condition {
    if (depth > MAX_DEPTH) throw new ConditionSyntaxError("the condition is nested too deeply");
    if (this.keyword("not")) return { not: this.unary(depth + 1) };
    if (this.symbol("(")) {
      const inner = this.expression(depth + 1);
      this.require(")", "to close the bracket");
      return inner;
    }
    return this.test();
  }

  private test(): Condition {
    const question = this.name();
    if (this.symbol("=")) return { equals: { question, value: this.value() } };
    if (this.symbol("!=")) return { not: { equals: { question, value: this.value() } } };
    if (this.keyword("in")) return { oneOf: { question, values: this.list() } };
    if (this.keyword("not")) {
      if (!this.keyword("in")) throw this.unexpected('"in" after "not"');
      return { not: { oneOf: { question, values: this.list() } } };
    }
    throw this.unexpected(`=, !=, in or not in after "${question}"`);
  }

  private list(): Array<string | number> {
    this.require("(", "to start the list of values");
    const values = [this.value()];
    while (this.symbol(",")) values.push(this.value());
    this.require(")", "to close the list of values");
    return values;
  }

  private name(): string {
    const token = this.tokens[this.index];
    if (token?.kind === "string" || (token?.kind === "word" && !isKeyword(token))) {
      this.index++;
      return token.text;
    }
    throw this.unexpected("a question id");
  }

  private value(): string | number {
    const token = this.tokens[this.index];
    if (token?.kind === "number") {
      this.index++;
      return token.value;
    }
    if (token?.kind === "string" || (token?.kind === "word" && !isKeyword(token))) {
      this.index++;
      return token.text;
    }
    throw this.unexpected("a value (an option value or a level number)");
  }

  private keyword(word: string): boolean {
    const token = this.tokens[this.index];
    if (token?.kind === "word" && token.text.toLowerCase() === word) {
      this.index++;
      return true;
    }
    return false;
  }

  private symbol(text: string): boolean {
    const token = this.tokens[this.index];
    if (token?.kind === "symbol" && token.text === text) {
      this.index++;
      return true;
    }
    return false;
  }

  private require(text: string, why: string): void {
    if (!this.symbol(text)) throw this.unexpected(`"${text}" ${why}`);
  }

  private unexpected(expected: string): ConditionSyntaxError {
    const token = this.tokens[this.index];
    return new ConditionSyntaxError(
      token
        ? `expected ${expected}, but found ${describe(token)} at character ${token.at}`
        : `expected ${expected}, but the condition ends there`,
    );
  }
}

function isKeyword(token: Token): boolean {
  return token.kind === "word" && KEYWORDS.has(token.text.toLowerCase());
}

function describe(token: Token): string {
  return token.kind === "string" ? JSON.stringify(token.text) : `"${token.text}"`;
}

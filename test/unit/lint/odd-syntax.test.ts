import fc from "fast-check";
import { describe, expect, it } from "vitest";
import plugin from "../../../lint-rules/eslint/index.js";
import { fixtureLinter, lintSnippet } from "./lint-text.js";
import { IMPORTS } from "./rule-tester.js";

/**
 * The rules never throw, whatever the code: decorators, optional chaining, computed names, spreads, odd `new`
 * forms, type assertions in the angle-bracket form (the parser has JSX off for .ts), incomplete code.
 */

const ALL_RULES = {
  ...plugin.configs.strict.rules,
  "stateguard/no-conditional-resource": ["error", { checkLoops: true }],
} as const;

const SNIPPETS: readonly string[] = [
  `function deco(...a: unknown[]) { return (..._: unknown[]) => undefined; }
   @deco() export class C extends pulumi.ComponentResource {
     @deco() m(@deco() x: string) { return new aws.s3.Bucket(x, {}, { parent: this }); }
     constructor(name: string) { super("a:b:C", name); this.m(name); }
   }`,
  `export function f(o?: { a?: { b?: boolean } }, name = "n") {
     o?.a?.b && new aws.s3.Bucket(name);
     const k = "parent"; new aws.s3.Bucket(name, {}, { [k]: undefined });
     return o?.a?.["b"] ? aws.s3.Bucket.get?.(name, name) : null;
   }`,
  `export const x = <any>new aws.s3.Bucket(<string>"a");`,
  `const Cls = aws.s3.Bucket; export function g(...args: [string]) { return new Cls(...args); }`,
  `export class K extends pulumi.ComponentResource { constructor(n: string, o?: pulumi.ComponentResourceOptions) {
     super("a:b:K", n, {}, o); new aws.s3.Bucket(n, ...([{}, { parent: this }] as const)); } }`,
  `new (class extends pulumi.ComponentResource { constructor() { super("a:b:Anon", "anon"); } })();`,
  `export const z = new aws.s3.Bucket;`,
  `export function h(a: any) { if (a) { new a.Thing("x"); new (a as any)("y"); } return a?.apply?.(() => 1); }`,
  `label: for (const i of [1, 2]) { if (i) continue label; new aws.s3.Bucket(\`b-\${i}\`); }`,
  `export function s(v: string) { switch (v) { case new aws.s3.Bucket(v).urn as unknown as string: break; default: } }`,
  `export async function* gen(names: string[]) { for await (const n of names) yield new aws.s3.Bucket(n); }`,
  `export const obj = { get b() { return new aws.s3.Bucket("b"); }, ["c" + 1]: () => aws.ec2.getVpc() };`,
  `export function t(n: string) { try { return aws.s3.Bucket.get(n, n); } catch { return undefined; } finally { new aws.s3.Bucket(n); } }`,
  `export function broken(name: string) { if (name) new aws.s3.Bucket(`,
  `export enum E { A = "a" } export namespace N { export const b = new aws.s3.Bucket(E.A); }`,
  `export function rec(n: string): unknown { const a = () => b(); const b = (): unknown => a(); if (a()) new aws.s3.Bucket(n); return rec(n); }`,
  `let x: string; x = x!; export function u() { if (x) new aws.s3.Bucket(x); x = x + "1"; }`,
  `export class P extends pulumi.ComponentResource { private q = () => this.q(); constructor(n: string) { super("a:b:P", n); this.q(); this.registerOutputs(); } }`,
  `export default function (n: string) { new aws.s3.Bucket(n); new aws.s3.Bucket(n + "2"); }`,
  `export { missing as m } from "./nowhere.js"; export * from "./also-nowhere.js";`,
];

describe("odd syntax", () => {
  const eslint = fixtureLinter(ALL_RULES as never);

  it.each(SNIPPETS.map((s, i) => [i + 1, s] as const))(
    "snippet %i: no rule throws",
    async (_, snippet) => {
      for (const file of ["file.ts", "program/index.ts"]) {
        const messages = await lintSnippet(eslint, IMPORTS + snippet, file);
        // A parse error is fine (reported as fatal); a rule that throws makes lintText reject instead.
        expect(messages.every((m) => typeof m.message === "string")).toBe(true);
      }
    },
    60_000,
  );

  it("random combinations of the snippets: no rule throws", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...SNIPPETS), { minLength: 1, maxLength: 4 }),
        fc.constantFrom("", "export function wrap(name: string, args: any) {\n", "if (Math.random()) {\n"),
        async (parts, wrapper) => {
          const body = parts.join("\n");
          const code = IMPORTS + (wrapper ? `${wrapper}${body}\n}` : body);
          const messages = await lintSnippet(eslint, code);
          expect(Array.isArray(messages)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});

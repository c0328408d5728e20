// Tests for RFC 6587 framing: octet counting, newline and NUL trailers, mixed frames, every split, bad and long frames.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SyslogFramer, splitDatagram, type FramingOutput } from "./syslog-framing.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The frames (as text) and problem codes of pushing each chunk in turn, then ending the stream. */
function frame(chunks: readonly Uint8Array[], max = 64): string[] {
  const framer = new SyslogFramer(max);
  const outputs: FramingOutput[] = [];
  for (const c of chunks) outputs.push(...framer.push(c));
  outputs.push(...framer.end());
  return outputs.map((o) => ("frame" in o ? text(o.frame) : `!${o.problem.code}`));
}

const whole = (s: string, max?: number) => frame([bytes(s)], max);

/** Every byte in a chunk of its own. */
const byteByByte = (b: Uint8Array) => [...b].map((x) => new Uint8Array([x]));

const mixed = "5 <4>ab<4>cd\n9 <4>x\ny zz\0<4>e f\r\n\n12 <4>1 - - -\r\n";
const mixedFrames = ["<4>ab", "<4>cd", "<4>x\ny zz", "<4>e f", "<4>1 - - -"];

describe("SyslogFramer", () => {
  const cases: [string, string, string[]][] = [
    ["octet-counted frames back to back", "5 hello6 world!", ["hello", "world!"]],
    ["an octet-counted frame keeps its newlines, less one trailing", "8 a\nb\r\nc\r\n", ["a\nb\r\nc"]],
    [
      "newline frames, with CRLF and NUL trailers",
      "one\ntwo\r\nthree\0four\n",
      ["one", "two", "three", "four"],
    ],
    ["empty frames between others are left out", "\n\r\n\0a\n\n1 \n", ["a"]],
    ["mixed framings, decided per frame", mixed, mixedFrames],
  ];
  for (const [name, input, expected] of cases) it(name, () => expect(whole(input)).toEqual(expected));

  it("gives the same frames whatever the split: at every byte, at each single split point", () => {
    const input = bytes(mixed);
    expect(frame(byteByByte(input))).toEqual(mixedFrames);
    for (let i = 0; i <= input.length; i++)
      expect(frame([input.subarray(0, i), input.subarray(i)])).toEqual(mixedFrames);
  });

  it("gives the same frames and problems for any chunking (property)", () => {
    const input = bytes(`${mixed}12x bad\n${"y".repeat(80)}\n70 ${"z".repeat(70)}0 q\nok\n`);
    const expected = frame([input]);
    expect(expected).toEqual([
      ...mixedFrames,
      "!syslog-bad-length",
      "!syslog-too-long",
      "!syslog-too-long",
      "!syslog-bad-length",
      "ok",
    ]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: input.length - 1 })), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), input.length];
        const chunks = points.slice(1).map((end, k) => input.subarray(points[k], end));
        expect(frame(chunks)).toEqual(expected);
      }),
    );
  });

  it("skips exactly the bytes of an octet-counted frame over the limit, then reads on", () => {
    expect(whole(`70 ${"a".repeat(70)}2 ok`)).toEqual(["!syslog-too-long", "ok"]);
    expect(frame(byteByByte(bytes(`70 ${"a".repeat(70)}2 ok`)))).toEqual(["!syslog-too-long", "ok"]);
  });

  it("reports a long newline frame once, however it arrives, and resumes after its newline", () => {
    const long = bytes(`${"b".repeat(200)}\nok\n`);
    expect(frame([long])).toEqual(["!syslog-too-long", "ok"]);
    expect(frame(byteByByte(long))).toEqual(["!syslog-too-long", "ok"]);
    expect(whole(`${"c".repeat(64)}\nd\n`)).toEqual(["c".repeat(64), "d"]);
  });

  const garbage: [string, string][] = [
    ["a letter after the digits", '"12" followed by "x"'],
    ["a leading zero", "starting with 0"],
    ["ten digits", "more than 9 digits"],
    ["a newline after the digits", '"12" followed by byte 0xa'],
  ];
  const garbageInputs = ["12x foo\nok\n", "0 foo\nok\n", "1234567890 x\nok\n", "12\nok\n"];
  garbage.forEach(([name, what], k) =>
    it(`reports a garbage length (${name}) and resynchronises at the next newline`, () => {
      const framer = new SyslogFramer(64);
      const out = framer.push(bytes(garbageInputs[k] ?? ""));
      expect(out.map((o) => ("frame" in o ? text(o.frame) : o.problem.code))).toEqual([
        "syslog-bad-length",
        "ok",
      ]);
      const problem = out[0] !== undefined && "problem" in out[0] ? out[0].problem : undefined;
      expect(problem?.message).toContain(what);
      expect(problem?.fix).toBeDefined();
    }),
  );

  it("reports a frame cut by the end of the stream as truncated", () => {
    expect(whole("10 <4>ab")).toEqual(["!syslog-truncated"]);
    expect(whole("10")).toEqual(["!syslog-truncated"]);
    expect(whole("a\nhalf a line")).toEqual(["a", "!syslog-truncated"]);
    expect(whole("a\n")).toEqual(["a"]);
    expect(whole(`70 ${"a".repeat(10)}`)).toEqual(["!syslog-too-long"]);
    expect(whole("b".repeat(100))).toEqual(["!syslog-too-long"]);
  });

  it("is ready for a new stream after end", () => {
    const framer = new SyslogFramer(64);
    framer.push(bytes("10 <4>"));
    expect(framer.end().map((o) => "problem" in o && o.problem.message)).toEqual([
      "the connection ended after 3 of the 10 bytes its last frame announced; dropped",
    ]);
    expect(framer.push(bytes("2 ok")).map((o) => "frame" in o && text(o.frame))).toEqual(["ok"]);
  });
});

describe("splitDatagram", () => {
  const cases: [string, string, string[]][] = [
    ["one line without a newline", "<4>a b", ["<4>a b"]],
    ["one line with one trailing newline", "<4>a b\n", ["<4>a b"]],
    ["several lines, CRLF and NUL", "a\r\nb\n\nc\0d\r", ["a", "b", "c", "d"]],
    ["nothing at all", "\n\r\n", []],
  ];
  for (const [name, input, expected] of cases)
    it(name, () => expect(splitDatagram(bytes(input)).map(text)).toEqual(expected));
});

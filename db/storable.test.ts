import { describe, expect, it } from "vitest";
import { refusedCharacter, storableText } from "./storable";

describe("text the database refuses", () => {
  it("is a NUL or half a surrogate pair; a whole pair (an emoji) is fine", () => {
    expect(refusedCharacter("Acme\u0000Corp")).toBe("a NUL character (byte 0)");
    expect(refusedCharacter("a\ud800b")).toBe("half of a UTF-16 surrogate pair");
    expect(refusedCharacter("a\udc00")).toBe("half of a UTF-16 surrogate pair");
    expect(refusedCharacter("Müller 🚀 GmbH")).toBeNull();
  });

  it("is stored with a NUL shown as ␀ and a lone half as U+FFFD, cut with an ellipsis", () => {
    expect(storableText("a\u0000b\ud800c 🚀")).toBe("a\u2400b\ufffdc 🚀");
    expect(storableText("abcdef", 4)).toBe("abc…");
    // Cut inside the pair: the half left over is replaced.
    expect(storableText("ab🚀cd", 4)).toBe("ab\ufffd…");
    expect(storableText("short", 10)).toBe("short");
  });
});

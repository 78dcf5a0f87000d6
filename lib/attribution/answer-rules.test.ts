import { describe, expect, it } from "vitest";
import { checkAnswerRules, defaultAnswerRules, mapAnswer, remapAnswers } from "./answer-rules";

describe("answer rules", () => {
  it("maps free text to channels by whole words, first rule first", () => {
    const map = (text: string) => mapAnswer(text, defaultAnswerRules).channel;
    expect(map("Heard on the Revenue Builders podcast")).toBe("podcast");
    expect(map("A colleague recommended you")).toBe("peer_recommendation");
    expect(map("someone in the RevOps Slack")).toBe("community");
    expect(map("LinkedIn post by your CEO")).toBe("linkedin");
    expect(map("Googled 'pipeline velocity'")).toBe("search");
    expect(map("Read reviews on G2")).toBe("review_site");
    expect(map("Saw an ad on Facebook")).toBe("paid_ads");
    // "ad" is a whole word only: "read" and "already" are not ads.
    expect(map("I already read about it")).toBe("other");
    expect(map("")).toBe("other");
    // show, community and event names; an ad wherever it ran is paid
    expect(map("The Pipeline Show")).toBe("podcast");
    expect(map("Pavilion")).toBe("community");
    expect(map("saw you at Pavilion CRO Summit")).toBe("event");
    expect(map("ad on LinkedIn")).toBe("paid_ads");
    expect(map("cold email")).toBe("email");
    expect(map("Dave from Acme")).toBe("other");
    // A podcast a friend recommended: the earlier rule (podcast) wins.
    expect(mapAnswer("my friend's podcast", defaultAnswerRules)).toEqual({ channel: "podcast", rule: 0, phrase: "podcast" });
  });

  it("finds rules that match nothing or everything, have no phrases or name no channel", () => {
    const answers = ["podcast", "a friend", "slack group"];
    expect(checkAnswerRules(defaultAnswerRules.filter((r) => ["podcast", "peer_recommendation", "community"].includes(r.channel)), answers)).toEqual([]);
    expect(checkAnswerRules([{ channel: "event", phrases: ["conference"] }], answers)).toEqual([{ rule: 0, message: "Rule 1 (Event) matches none of the 3 answers." }]);
    expect(checkAnswerRules([{ channel: "content", phrases: ["a"] }, { channel: "podcast", phrases: ["podcast"] }], ["a podcast", "a friend", "a slack group"])[0]).toEqual({
      rule: 0,
      message: "Rule 1 (Content) matches every answer; make its phrases narrower.",
    });
    expect(checkAnswerRules([{ channel: "event", phrases: [" "] }], answers)).toEqual([{ rule: 0, message: "Rule 1 (Event) has no phrases." }]);
    expect(checkAnswerRules([{ channel: "radio" as never, phrases: ["radio"] }], answers)[0]!.message).toBe('Rule 1: "radio" is not a channel.');
  });

  it("re-maps past answers to the new rules, leaving those a marketer overrode", () => {
    const answers = [
      { id: 1, answer: "Lenny's newsletter", channel: "other" as const, overridden: false },
      { id: 2, answer: "newsletter from a friend", channel: "event" as const, overridden: true },
      { id: 3, answer: "a podcast", channel: "podcast" as const, overridden: false },
    ];
    expect(remapAnswers(answers, defaultAnswerRules)).toEqual([{ id: 1, from: "other", to: "content" }]);
  });
});

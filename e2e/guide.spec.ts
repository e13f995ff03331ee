import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import type { Cell } from "@/lib/eval/cells";

/** Screenshots a presenter reads before the workshop. */
const SHOTS = "/work/helpers/shots";

async function axeViolations(page: Page) {
  return (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const question = (page: Page) => page.getByTestId("guide-question");

test("the keyboard alone walks to H and to G, and Try it opens the playground on G with a message ready", async ({ page }) => {
  await page.goto("/guide");
  await expect(question(page)).toHaveAttribute("data-question-id", "ai-decides");

  await page.keyboard.press("y");
  await expect(question(page)).toHaveAttribute("data-question-id", "aws-managed");
  await expect(question(page)).toBeFocused();
  await page.keyboard.press("y");
  await expect(page.getByTestId("guide-result")).toHaveAttribute("data-pattern", "H");
  await expect(page).toHaveURL(/\/guide\?path=yes,yes$/);
  // At a result the answer keys do nothing; Start again does.
  await page.keyboard.press("n");
  await expect(page.getByTestId("guide-result")).toHaveAttribute("data-pattern", "H");

  await page.keyboard.press("s");
  await expect(question(page)).toHaveAttribute("data-question-id", "ai-decides");
  await expect(page).toHaveURL(/\/guide$/);
  for (const [key, next] of [
    ["1", "aws-managed"],
    ["2", "fixed-flow"],
    ["n", "own-loop"],
    ["n", "multi-agent"],
    ["y", "agents-scaling"],
  ] as const) {
    await page.keyboard.press(key);
    await expect(question(page)).toHaveAttribute("data-question-id", next);
  }
  await page.keyboard.press("1");
  await expect(page.getByTestId("guide-result")).toHaveAttribute("data-pattern", "G");
  await expect(page).toHaveURL(/\/guide\?path=yes,no,no,no,yes,yes$/);
  await expect(page.getByTestId("guide-spectrum-G")).toHaveAttribute("data-state", "possible");
  await expect(page.getByTestId("guide-spectrum-F")).toHaveAttribute("data-state", "ruled-out");
  await expect(page.getByTestId("guide-compare")).toHaveAttribute("href", /^\/compare\?patterns=F,G&m=/);

  // From the result's heading, Tab reaches Try it.
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("guide-try")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/\?p=G&m=/);
  await expect(page.getByTestId("pattern-option-G")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("chat-input")).toHaveValue("Book a court tomorrow at 6pm");

  // And back: the playground's key g opens the guide.
  await page.getByTestId("chat-input").fill("");
  await page.keyboard.press("Escape");
  await page.keyboard.press("g");
  await expect(page).toHaveURL(/\/guide$/);
});

test("a path= link restores the walk, Back undoes one answer, and a path that is not the guide's starts afresh", async ({ page }) => {
  await page.goto("/guide?path=yes,no,no");
  await expect(question(page)).toHaveAttribute("data-question-id", "own-loop");
  await expect(page.getByTestId("guide-answers").locator("li")).toHaveCount(3);
  for (const id of ["D", "E", "F", "G"]) await expect(page.getByTestId(`guide-spectrum-${id}`)).toHaveAttribute("data-state", "possible");
  for (const id of ["A", "B", "C", "H"]) await expect(page.getByTestId(`guide-spectrum-${id}`)).toHaveAttribute("data-state", "ruled-out");

  await page.getByTestId("guide-back").click();
  await expect(question(page)).toHaveAttribute("data-question-id", "fixed-flow");
  await expect(page).toHaveURL(/\/guide\?path=yes,no$/);
  await page.reload();
  await expect(question(page)).toHaveAttribute("data-question-id", "fixed-flow");
  await page.getByTestId("guide-answer-yes").click();
  await page.getByTestId("guide-answer-yes").click();
  await expect(page.getByTestId("guide-result")).toHaveAttribute("data-pattern", "C");
  await page.getByTestId("guide-back").click();
  await expect(question(page)).toHaveAttribute("data-question-id", "workflow-scaling");
  await page.getByTestId("guide-restart").click();
  await expect(question(page)).toHaveAttribute("data-question-id", "ai-decides");
  await expect(page.getByTestId("guide-back")).toBeDisabled();

  await page.goto("/guide?path=yes,maybe");
  await expect(page.getByTestId("guide-path-refused")).toBeVisible();
  await expect(question(page)).toHaveAttribute("data-question-id", "ai-decides");
  await page.goto("/guide?path=no,yes");
  await expect(page.getByTestId("guide-path-refused")).toBeVisible();
});

test("the figures at a leaf are those of the evaluation they cite", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/guide");
  // The table's requests have issued this browser its member cookie, which page.request shares.
  await expect(page.getByTestId("guide-row-H")).not.toContainText("…");
  const started = await page.request.post("/api/evals", { data: { patterns: ["D"], faults: ["none", "vendor500"], cases: 2 } });
  expect(started.status()).toBe(202);
  const { id } = await started.json();
  let evaluation: { status: string; cells: Cell[] } = { status: "running", cells: [] };
  await expect
    .poll(
      async () => {
        evaluation = await (await page.request.get(`/api/evals/${id}`)).json();
        return evaluation.status;
      },
      { timeout: 180_000, intervals: [500] },
    )
    .toBe("done");

  await page.goto("/guide?path=yes,no,no,yes");
  await expect(page.getByTestId("guide-result")).toHaveAttribute("data-pattern", "D");
  await expect(page.getByTestId("guide-compare")).toHaveAttribute("href", /^\/compare\?patterns=C,D,E&m=/);
  await expect(page.getByTestId("guide-measured")).toHaveAttribute("data-status", "measured");
  await expect(page.getByTestId("guide-measured-source")).toHaveAttribute("data-evaluation", id);

  const clean = evaluation.cells.find((c) => c.pattern === "D" && c.fault === "none")!;
  const faulted = evaluation.cells.find((c) => c.pattern === "D" && c.fault === "vendor500")!;
  const shown = async (testId: string) => Number(await page.getByTestId(testId).getAttribute("data-value"));
  expect(await shown("guide-figure-calls")).toBe(clean.llmCalls / clean.runIds.length);
  expect(await shown("guide-figure-cost")).toBe(clean.costUsd / clean.runIds.length);
  expect(await shown("guide-figure-autonomy")).toBe(clean.autonomyShare);
  expect(await shown("guide-figure-latency")).toBe(clean.meanMs);
  expect(await shown("guide-success-none")).toBe(clean.successRate);
  expect(await shown("guide-success-vendor500")).toBe(faulted.successRate);
  await expect(page.getByTestId("guide-row-D")).toContainText(id);
  expect(await axeViolations(page)).toEqual([]);

  // The comparison opens with the pattern and its neighbours chosen.
  await page.getByTestId("guide-compare").click();
  await expect(page).toHaveURL(/\/compare\?patterns=C,D,E/);
});

test("without an evaluation, a leaf measures its pattern on the spot, with progress, and the table cites that measurement", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto("/guide?path=no");
  await expect(page.getByTestId("guide-result")).toHaveAttribute("data-pattern", "A");
  await expect(page.getByTestId("guide-measured")).toHaveAttribute("data-status", "measured", { timeout: 200_000 });
  await expect(page.getByTestId("guide-measured-source")).toHaveAttribute("data-source", "built-in");
  await expect(page.getByTestId("guide-figure-calls")).toHaveAttribute("data-value", /^\d/);
  await expect(page.getByTestId("guide-row-A")).toContainText("the guide's measurement");
});

const VIEWS = [
  { name: "1280", width: 1280, height: 720, projector: false, minPx: 14 },
  { name: "projector-1920", width: 1920, height: 1080, projector: true, minPx: 18 },
  { name: "phone-390", width: 390, height: 844, projector: false, minPx: 14 },
] as const;

for (const view of VIEWS) {
  test(`legible at ${view.width}×${view.height}${view.projector ? " in projector mode" : ""}: text size, no sideways scroll, axe`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: view.width, height: view.height });
    await page.goto("/guide?path=yes,no");
    const toggle = page.getByTestId("projector-toggle");
    // A key pressed before the page has hydrated is lost: press again until the page has taken it.
    if (view.projector)
      await expect(async () => {
        if ((await toggle.getAttribute("aria-pressed")) !== "true") await page.keyboard.press("p");
        await expect(toggle).toHaveAttribute("aria-pressed", "true", { timeout: 2_000 });
      }).toPass({ timeout: 30_000 });
    await expect(toggle).toHaveAttribute("aria-pressed", String(view.projector));

    const report = () =>
      page.evaluate(() => {
        const texts = [...document.querySelectorAll<HTMLElement>("body *")].filter((el) => {
          const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
          const box = el.getBoundingClientRect();
          return own && box.width > 1 && box.height > 1 && !el.closest(".sr-only") && getComputedStyle(el).visibility !== "hidden";
        });
        const smallest = texts
          .map((el) => ({ text: el.textContent!.trim().slice(0, 40), px: parseFloat(getComputedStyle(el).fontSize) }))
          .sort((a, b) => a.px - b.px)[0];
        return { smallest, overflow: document.documentElement.scrollWidth - window.innerWidth };
      });

    await expect(question(page)).toHaveAttribute("data-question-id", "fixed-flow");
    let r = await report();
    expect(r.smallest.px, `smallest text: "${r.smallest.text}"`).toBeGreaterThanOrEqual(view.minPx);
    expect(r.overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/guide-question-${view.name}.png` });
    expect(await axeViolations(page)).toEqual([]);

    // A result whose measurement the server has (or makes now).
    await page.keyboard.press("y");
    await page.keyboard.press("n");
    await expect(page.getByTestId("guide-result")).toHaveAttribute("data-pattern", "B");
    await expect(page.getByTestId("guide-measured")).toHaveAttribute("data-status", "measured", { timeout: 200_000 });
    r = await report();
    expect(r.smallest.px, `smallest text: "${r.smallest.text}"`).toBeGreaterThanOrEqual(view.minPx);
    expect(r.overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/guide-result-${view.name}.png` });
    await page.getByTestId("guide-reference-table").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/guide-reference-${view.name}.png` });
    expect(await axeViolations(page)).toEqual([]);
  });
}

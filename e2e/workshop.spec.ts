import { expect, test, type Page } from "@playwright/test";
import { PATTERN_IDS } from "@/lib/patterns/types";

/**
 * The presenter's workshop: a graph the back row can read, the keyboard alone, replays walked
 * through step by step, and projector mode that stays on. Screenshots land in test-results/screenshots.
 */

const SHOTS = "test-results/screenshots";

/** React Flow's zoom, once the graph has settled (fitView runs after measuring and after each resize). */
async function settledZoom(page: Page): Promise<number> {
  const zoom = () => page.locator(".react-flow__viewport").evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
  let last = -1;
  await expect
    .poll(
      async () => {
        const now = await zoom();
        const stable = Math.abs(now - last) < 1e-3;
        last = now;
        return stable;
      },
      { intervals: [250, 250, 250, 500] },
    )
    .toBe(true);
  return last;
}

/** Every node label's on-screen size (font size × zoom), and the labels that are cut or outside the pane. */
async function labelReport(page: Page) {
  const zoom = await settledZoom(page);
  return page.evaluate((z) => {
    const pane = document.querySelector('[data-testid="run-graph"]')!.getBoundingClientRect();
    const labels = [...document.querySelectorAll<HTMLElement>('.react-flow__node [data-testid="node-label"]')];
    return {
      zoom: z,
      count: labels.length,
      sizes: labels.map((l) => ({ label: l.textContent, px: parseFloat(getComputedStyle(l).fontSize) * z })),
      cut: labels
        .filter(
          (l) => l.scrollWidth > l.clientWidth || l.getBoundingClientRect().width > l.parentElement!.getBoundingClientRect().width + 0.5,
        )
        .map((l) => l.textContent),
      outside: labels
        .filter((l) => {
          const b = l.getBoundingClientRect();
          return b.left < pane.left || b.right > pane.right || b.top < pane.top || b.bottom > pane.bottom;
        })
        .map((l) => l.textContent),
    };
  }, zoom);
}

const MODES = [
  { name: "normal", width: 1280, height: 720, projector: false, minPx: 11 },
  { name: "projector", width: 1920, height: 1080, projector: true, minPx: 18 },
] as const;

for (const mode of MODES) {
  test(`every node label of every pattern is at least ${mode.minPx} px on screen at ${mode.width}×${mode.height} ${mode.name}, none cut`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: mode.width, height: mode.height });
    await page.goto("/?p=A");
    if (mode.projector) await page.keyboard.press("p");
    await expect(page.getByTestId("projector-toggle")).toHaveAttribute("aria-pressed", String(mode.projector));
    const minimum: Record<string, number> = {};
    for (const id of PATTERN_IDS) {
      await page.keyboard.press(String(PATTERN_IDS.indexOf(id) + 1));
      await expect(page.getByTestId(`pattern-option-${id}`)).toHaveAttribute("aria-pressed", "true");
      await expect(page.locator(".react-flow__node[data-state]").first()).toBeVisible();
      const report = await labelReport(page);
      expect(report.count).toBeGreaterThan(3);
      minimum[id] = Math.min(...report.sizes.map((s) => s.px));
      expect(report.cut, `${id}: cut labels`).toEqual([]);
      expect(report.outside, `${id}: labels outside the graph pane`).toEqual([]);
      for (const { label, px } of report.sizes) expect(px, `${id}: "${label}" on screen`).toBeGreaterThanOrEqual(mode.minPx);
      await page.screenshot({ path: `${SHOTS}/legible-${id}-${mode.width}-${mode.name}.png` });
    }
    console.log(
      `label sizes on screen, ${mode.width}×${mode.height} ${mode.name} (min per pattern, px): ${Object.entries(minimum)
        .map(([id, px]) => `${id} ${px.toFixed(1)}`)
        .join(", ")}`,
    );
  });
}

test("keyboard only at 1920×1080: projector, all eight patterns, a message sent and the keys listed", async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto("/");
  await page.keyboard.press("p");
  await expect(page.locator("html")).toHaveClass(/projector/);

  for (const [i, id] of PATTERN_IDS.entries()) {
    await page.keyboard.press(String(i + 1));
    await expect(page.getByTestId(`pattern-option-${id}`)).toHaveAttribute("aria-pressed", "true");
  }
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("pattern-option-A")).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("pattern-option-H")).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("4");

  // "/" goes to the chat; Enter sends; Escape leaves it; digits work again (also in the empty box).
  await page.keyboard.press("/");
  await expect(page.getByTestId("chat-input")).toBeFocused();
  await page.keyboard.press("5");
  await expect(page.getByTestId("pattern-option-E")).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("pattern-option-D")).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.type("What's free tomorrow at 3pm?");
  await page.keyboard.press("2");
  await expect(page.getByTestId("chat-input")).toHaveValue("What's free tomorrow at 3pm?2");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Enter");
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]')).toHaveCount(1, { timeout: 30_000 });
  // A send hands the keys to the stage: digits switch pattern at once, "/" goes back to the chat.
  await expect(page.getByTestId("chat-input")).not.toBeFocused();
  await page.keyboard.press("6");
  await expect(page.getByTestId("pattern-option-F")).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("/");
  await page.keyboard.type("hello");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("chat-input")).not.toBeFocused();
  await page.keyboard.press("1");
  await expect(page.getByTestId("pattern-option-A")).toHaveAttribute("aria-pressed", "true");
  await page.screenshot({ path: `${SHOTS}/keyboard-1920-projector.png` });

  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Choose pattern A … H");
  await expect(help).toContainText("Projector mode");
  await page.screenshot({ path: `${SHOTS}/key-help.png` });
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await expect(page.locator("html")).toHaveClass(/projector/);
});

test("the chat box is a few Tabs from a fresh page, or one Tab and Enter by the skip link", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("skip-to-chat")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("chat-input")).toBeFocused();

  await page.goto("/");
  let tabs = 0;
  while (tabs < 12 && !(await page.getByTestId("chat-input").evaluate((el) => el === document.activeElement))) {
    await page.keyboard.press("Tab");
    tabs++;
  }
  // Skip link, Demo, Compare all, Guide (issue 29 puts it in the header), Upload tape, Keys, Projector, the pattern picker.
  expect(tabs).toBeLessThanOrEqual(9);
});

test("a replay walks through a run node by node, back and forth, with the chat in step", async ({ page, request }) => {
  await page.goto("/?p=D");
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  await page.getByTestId("chat-input").fill("Book court B tomorrow at 3pm");
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-status", "ok", { timeout: 30_000 });
  const runId = (await page.getByTestId("run-graph").getAttribute("data-run-id"))!;
  const stored = await (await request.get(`/api/runs/${runId}`)).json();
  const nodeSteps = stored.events.filter((e: { type: string }) => e.type === "node.start" || e.type === "node.end").length;
  const trailing = ["node.start", "node.end"].includes(stored.events.at(-1).type) ? 0 : 1;

  await page.getByTestId("replay-last-run").click();
  const position = page.getByTestId("replay-position");
  await expect(position).toHaveAttribute("data-steps", String(nodeSteps + trailing));
  await page.locator("body").focus();
  await page.keyboard.press(" ");
  await expect(page.getByTestId("replay-play")).toHaveText(/Play/);
  await page.getByTestId("replay-restart").click();
  await page.locator("body").focus();
  const assistant = page.locator('[data-testid="chat-message"][data-role="assistant"]');
  await expect(assistant).toHaveCount(0);
  await expect(page.locator('[data-testid="chat-message"][data-role="user"]')).toHaveCount(1);

  await page.keyboard.press(".");
  await expect(position).toHaveAttribute("data-step", "1");
  await expect(position).toContainText("loop starts");
  await expect(page.locator('[data-id="loop"]')).toHaveAttribute("data-state", "active");
  await page.keyboard.press(".");
  await page.keyboard.press(".");
  await expect(position).toHaveAttribute("data-step", "3");
  await expect(position).toContainText("LLM ends");
  await expect(page.locator('[data-id="llm"]')).toHaveAttribute("data-state", "done");
  await page.keyboard.press(",");
  await expect(position).toHaveAttribute("data-step", "2");
  await expect(page.locator('[data-id="llm"]')).toHaveAttribute("data-state", "active");
  await expect(assistant).toHaveCount(0);

  // The scrubber, from the keyboard: End jumps to the end of the run, where the reply appears.
  await page.getByTestId("replay-scrubber").focus();
  await page.keyboard.press("End");
  await expect(position).toHaveAttribute("data-step", String(nodeSteps + trailing));
  await expect(assistant).toHaveCount(1);
  await expect(page.locator('[data-id="book"]')).toHaveAttribute("data-state", "done");
  await page.keyboard.press("Home");
  await expect(position).toHaveAttribute("data-step", "0");
  await expect(assistant).toHaveCount(0);

  await page.getByTestId("replay-speed-4").click();
  await page.getByTestId("replay-play").click();
  await expect(assistant).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId("replay-play")).toHaveText("Play again");

  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("replay-speed-0.25")).toBeVisible();
  await page.keyboard.press(" ");
  await page.getByTestId("replay-restart").click();
  await page.locator("body").focus();
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]')).toHaveCount(0);
  for (let i = 0; i < 4; i++) await page.keyboard.press(".");
  await expect(page.getByTestId("replay-position")).toHaveAttribute("data-step", "4");
  await page.keyboard.press(",");
  await expect(page.getByTestId("replay-position")).toHaveAttribute("data-step", "3");
  await page.screenshot({ path: `${SHOTS}/replay-stepping.png` });
});

test("projector mode is remembered across reloads and present on /compare and /runs/{id}", async ({ page }) => {
  await page.goto("/?p=E");
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  await page.getByTestId("chat-input").fill("What's free tomorrow?");
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-status", "ok", { timeout: 30_000 });
  const runId = await page.getByTestId("run-graph").getAttribute("data-run-id");

  // Enter left the focus in the (now empty) chat box, where "p" would be typed: Escape leaves it.
  await page.keyboard.press("Escape");
  await page.keyboard.press("p");
  await expect(page.locator("html")).toHaveClass(/projector/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/projector/);
  await expect(page.getByTestId("projector-toggle")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("courts-grid")).toBeVisible();

  await page.goto("/compare");
  await expect(page.locator("html")).toHaveClass(/projector/);
  await expect(page.getByTestId("projector-toggle")).toHaveAttribute("aria-pressed", "true");
  await page.screenshot({ path: `${SHOTS}/compare-projector.png` });

  await page.goto(`/runs/${runId}`);
  await expect(page.locator("html")).toHaveClass(/projector/);
  await expect(page.getByTestId("projector-toggle")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator('[data-id="agent"]')).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  await page.screenshot({ path: `${SHOTS}/replay-projector.png` });
  await page.keyboard.press("p");
  await expect(page.getByTestId("projector-toggle")).toHaveAttribute("aria-pressed", "false");

  await page.goto("/");
  await expect(page.locator("html")).not.toHaveClass(/projector/);
  await expect(page.getByTestId("projector-toggle")).toHaveAttribute("aria-pressed", "false");
});

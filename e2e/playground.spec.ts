import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { PATTERN_IDS } from "@/lib/patterns/types";

/**
 * The playground in real Chromium. Graph nodes are found as `[data-id="<node>"][data-state="…"]`:
 * React Flow puts data-id on each node's wrapper and the graph adds data-state there too.
 */

const SHOTS = "test-results/screenshots";
const TOMORROW = "2026-12-02";

type PatternEntry = { id: string; name: string; graph: { nodes: { id: string }[] } };

async function patternList(request: APIRequestContext): Promise<PatternEntry[]> {
  const res = await request.get("/api/patterns");
  expect(res.ok()).toBe(true);
  return (await res.json()).patterns;
}

async function openPattern(page: Page, id: string) {
  await page.goto(`/?p=${id}`);
  await expect(page.getByTestId(`pattern-option-${id}`)).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(".react-flow__node[data-state]").first()).toBeVisible();
}

/** The UI simulates model latency by default (to watch the graph move); tests run without it. */
async function withoutLatency(page: Page) {
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  await page.getByTestId("run-options").locator("summary").click();
}

async function say(page: Page, text: string) {
  const before = await page.locator('[data-testid="chat-message"][data-role="assistant"]').count();
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.locator('[data-testid="chat-message"][data-role="user"]').last()).toHaveText(new RegExp(escape(text)));
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]')).toHaveCount(before + 1);
  await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-status", /ok|error|aborted/);
  return page.locator('[data-testid="chat-message"][data-role="assistant"]').last();
}

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The courts view turns by itself to the day of a booking that lands in the chat. */
async function expectBookedInCourts(page: Page, slotId: string) {
  await page.getByTestId("tab-courts").click();
  await expect(page.getByTestId("courts-grid")).toHaveAttribute("data-date", TOMORROW);
  await expect(page.locator(`[data-slot-id="${slotId}"]`)).toHaveAttribute("data-state", "yours");
}

test.beforeEach(async ({ request }) => {
  await request.post("/api/admin/reset");
});

for (const id of PATTERN_IDS) {
  test(`pattern ${id}: books a court by chat, lights the graph, shows it in the courts`, async ({ page }) => {
    await openPattern(page, id);
    await withoutLatency(page);
    const reply = await say(page, "Book court B tomorrow at 3pm");
    await expect(reply).toHaveText(/book|confirm/i);

    const graph = page.getByTestId("run-graph");
    await expect(graph.locator('[data-id="book"]')).toHaveAttribute("data-state", "done");
    await expect(graph.locator('[data-id="book"]')).toBeInViewport();
    await expect(graph.locator('.react-flow__node[data-state="active"]')).toHaveCount(0);
    await expect(graph.locator('.react-flow__node[data-state="error"]')).toHaveCount(0);
    await expect(page.getByTestId("run-metrics")).toBeVisible();

    await expectBookedInCourts(page, `${TOMORROW}_CourtB_1500`);

    await page.screenshot({ path: `${SHOTS}/${id}-1280.png` });
    await page.getByTestId("projector-toggle").click();
    await page.waitForTimeout(400);
    await expect(graph.locator('[data-id="book"]')).toBeInViewport();
    await page.screenshot({ path: `${SHOTS}/${id}-1280-projector.png` });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/${id}-1920-projector.png` });
    await page.getByTestId("projector-toggle").click();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/${id}-1920.png` });
  });
}

test("every pattern's graph is drawn, all nodes idle before a run", async ({ page, request }) => {
  for (const entry of await patternList(request)) {
    await openPattern(page, entry.id);
    await expect(page.locator(".react-flow__node[data-state]")).toHaveCount(entry.graph.nodes.length);
    for (const node of entry.graph.nodes)
      await expect(page.locator(`.react-flow__node[data-id="${node.id}"]`)).toHaveAttribute("data-state", "idle");
    await page.screenshot({ path: `${SHOTS}/graph-${entry.id}.png` });
  }
});

test("pattern A fills the booking slot by slot over several turns", async ({ page }) => {
  await openPattern(page, "A");
  await withoutLatency(page);
  await expect(await say(page, "Book court B for tomorrow")).toHaveText(/what time/i);
  await expect(await say(page, "6pm")).toHaveText(/Court B is taken.*which one/i);
  await expect(await say(page, "C")).toHaveText(/book|confirm/i);
  await expectBookedInCourts(page, `${TOMORROW}_CourtC_1800`);
});

test("keys 1–8 and the arrows switch pattern and the URL keeps it, but not while text is being typed", async ({ page }) => {
  await openPattern(page, "A");
  await page.keyboard.press("4");
  await expect(page.getByTestId("pattern-option-D")).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/\?p=D$/);
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("pattern-option-E")).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/\?p=E$/);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(page).toHaveURL(/\?p=C$/);
  await page.keyboard.press("8");
  await expect(page.getByTestId("pattern-option-H")).toHaveAttribute("aria-pressed", "true");

  await page.keyboard.press("2");
  await page.getByTestId("chat-input").click();
  await page.keyboard.type("Court 1 at 4pm");
  await expect(page.getByTestId("pattern-option-B")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("chat-input")).toHaveValue("Court 1 at 4pm");

  await page.reload();
  await expect(page.getByTestId("pattern-option-B")).toHaveAttribute("aria-pressed", "true");
});

test("projector mode enlarges the text and hides the inspector", async ({ page }) => {
  await openPattern(page, "D");
  const fontSize = (selector: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const before = {
    body: await fontSize("body"),
    input: await fontSize('[data-testid="chat-input"]'),
    title: await fontSize("h1"),
    picker: await fontSize('[data-testid="pattern-option-D"] span span:first-child'),
  };

  await page.keyboard.press("p");
  await expect(page.getByTestId("projector-toggle")).toHaveAttribute("aria-pressed", "true");
  const after = {
    body: await fontSize("body"),
    input: await fontSize('[data-testid="chat-input"]'),
    title: await fontSize("h1"),
    picker: await fontSize('[data-testid="pattern-option-D"] span span:first-child'),
  };
  for (const key of Object.keys(before) as (keyof typeof before)[]) expect(after[key] / before[key]).toBeGreaterThanOrEqual(1.25);
  expect(after.body).toBeGreaterThanOrEqual(20);
  await expect(page.getByTestId("tab-inspector")).toBeHidden();

  await page.getByTestId("projector-toggle").click();
  await expect(page.getByTestId("tab-inspector")).toBeVisible();
});

test("a failing model shows the error inline", async ({ page }) => {
  await openPattern(page, "D");
  await page.getByTestId("run-options").locator("summary").click();
  await page.getByTestId("option-sim-latency").uncheck();
  await page.getByTestId("chaos-vendor-error").selectOption("500");
  await page.getByTestId("chaos-vendor-error-times").fill("5");
  await page.getByTestId("chat-input").fill("Book court B tomorrow at 3pm");
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.getByTestId("chat-error").first()).toBeVisible();
  await expect(page.getByTestId("chat-error").first()).toContainText(/500|error|fail/i);
  await expect(page.getByTestId("run-graph")).toHaveAttribute("data-run-status", /ok|error/);
  await page.screenshot({ path: `${SHOTS}/error-D.png` });
});

test("a run replays in the playground and on its own page", async ({ page }) => {
  await openPattern(page, "D");
  await withoutLatency(page);
  await say(page, "Book court B tomorrow at 3pm");

  await page.getByTestId("replay-last-run").click();
  // The replay starts playing at once; pause it and step by hand, one node start or end at a time.
  await expect(page.getByTestId("replay-play")).toHaveText("Pause");
  await page.getByTestId("replay-play").click();
  await page.getByTestId("replay-restart").click();
  await expect(page.locator('[data-id="book"]')).toHaveAttribute("data-state", "idle");
  for (let i = 0; i < 3; i++) await page.getByTestId("replay-step").click();
  await expect(page.getByTestId("replay-position")).toHaveAttribute("data-step", "3");
  await expect(page.locator('.react-flow__node[data-state="active"]').first()).toBeVisible();
  await page.getByTestId("replay-speed-2").click();
  await page.getByTestId("replay-play").click();
  await expect(page.locator('[data-id="book"]')).toHaveAttribute("data-state", "done", { timeout: 30_000 });

  const runId = await page.getByTestId("run-graph").getAttribute("data-run-id");
  expect(runId).toBeTruthy();
  await page.goto(`/runs/${runId}`);
  await page.getByTestId("replay-speed-2").click();
  await expect(page.locator('[data-testid="chat-message"][data-role="user"]')).toHaveText("Book court B tomorrow at 3pm", {
    timeout: 30_000,
  });
  await expect(page.locator('[data-id="book"]')).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]')).toHaveText(/book|confirm/i);
  await page.screenshot({ path: `${SHOTS}/replay-page.png` });
});

test("the code pane shows the pattern's source with the running step's region lit", async ({ page }) => {
  await openPattern(page, "D");
  await withoutLatency(page);
  await say(page, "Book court B tomorrow at 3pm");
  await page.getByTestId("tab-code").click();
  await expect(page.getByTestId("code-pane")).toContainText("MAX_ROUNDS");
  await expect(page.getByTestId("code-pane")).toHaveAttribute("data-region", "loop");
  await page.screenshot({ path: `${SHOTS}/code-D.png` });
});

test("the code pane turns to the service file that holds the lit node's region, and the presenter can switch files", async ({ page }) => {
  await openPattern(page, "C");
  await withoutLatency(page);
  await say(page, "Book court B tomorrow at 3pm");
  await page.getByTestId("tab-code").click();
  const pane = page.getByTestId("code-pane");
  // The run's last model decision is the booking service's: the pane shows that service's file.
  await expect(pane).toHaveAttribute("data-file", "lib/patterns/c/booking.ts");
  await expect(pane).toHaveAttribute("data-region", "booking-llm");
  await expect(page.getByTestId("code-file-tab")).toHaveText([/orchestrator\.ts/, /parse\.ts/, /availability\.ts/, /booking\.ts/]);

  // A node the presenter clicks is shown in its own file.
  await page.locator('.react-flow__node[data-id="parse-llm"]').click();
  await page.getByTestId("tab-code").click();
  await expect(pane).toHaveAttribute("data-file", "lib/patterns/c/parse.ts");
  await expect(pane).toHaveAttribute("data-region", "parse-llm");
  await expect(pane).toContainText("extractRequest");

  // Any file, from the keyboard.
  const orchestrator = page.getByRole("tab", { name: /orchestrator\.ts/ });
  await orchestrator.focus();
  await page.keyboard.press("Enter");
  await expect(orchestrator).toHaveAttribute("aria-selected", "true");
  await expect(pane).toHaveAttribute("data-file", "lib/patterns/c/orchestrator.ts");
  await expect(pane).toContainText("callService(ctx, PARSE");
  await expect(pane).not.toHaveAttribute("data-region");
  const axe = await new AxeBuilder({ page }).include('[data-testid="code-pane"] [role="tablist"]').analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/code-C-files.png` });
});

test("no serious or critical accessibility violations", async ({ page }) => {
  await openPattern(page, "D");
  const idle = await new AxeBuilder({ page }).analyze();
  await page.getByTestId("tab-inspector").click();
  const inspector = await new AxeBuilder({ page }).analyze();
  await page.keyboard.press("p");
  const projector = await new AxeBuilder({ page }).analyze();
  const serious = [...idle.violations, ...inspector.violations, ...projector.violations]
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
});

test("no console errors while a run streams", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await openPattern(page, "G");
  await say(page, "What's free tomorrow at 3pm?");
  expect(errors).toEqual([]);
});

test("the details column folds away to widen the graph, and a node click brings the inspector back", async ({ page }) => {
  await openPattern(page, "B");
  const graphWidth = () => page.getByTestId("run-graph").evaluate((el) => el.getBoundingClientRect().width);
  const zoom = () => page.locator(".react-flow__viewport").evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
  const before = { width: await graphWidth(), zoom: await zoom() };

  await page.getByTestId("details-hide").click();
  await expect(page.getByTestId("tab-courts")).toBeHidden();
  await expect.poll(graphWidth).toBeGreaterThan(before.width * 1.3);
  // The layout already fits B to the pane's height (its row of steps snakes), so the zoom need not grow; it must not shrink.
  await expect.poll(zoom).toBeGreaterThanOrEqual(before.zoom * 0.99);
  await page.screenshot({ path: `${SHOTS}/B-details-folded.png` });

  await page.locator('.react-flow__node[data-id="select-llm"]').click();
  await expect(page.getByTestId("tab-inspector")).toHaveAttribute("aria-selected", "true");
  await page.getByTestId("details-hide").click();
  await page.getByTestId("details-show").click();
  await expect(page.getByTestId("tab-inspector")).toBeVisible();
});
